import * as tf from '@tensorflow/tfjs';

export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam (Kingma & Ba, 2015) over a fixed list of variables, with the bias corrections folded into
 * the step size as scikit-learn's `AdamOptimizer` does. Written out rather than `tf.train.adam`
 * because a learning-rate schedule has to change the rate between steps, which tfjs keeps private.
 */
export class Adam {
  /** The base rate of the next step; a schedule may lower it between steps. */
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly firstMoments: tf.Variable[];
  private readonly secondMoments: tf.Variable[];
  private steps = 0;

  constructor(
    private readonly variables: readonly tf.Variable[],
    { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 }: AdamOptions,
  ) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    // Inside tidy: a variable shares its initial tensor's data, which must not outlive it as a tensor.
    this.firstMoments = tf.tidy(() => variables.map((v) => tf.variable(tf.zerosLike(v), false)));
    this.secondMoments = tf.tidy(() => variables.map((v) => tf.variable(tf.zerosLike(v), false)));
  }

  /** One update; `gradients[i]` is the gradient for `variables[i]`. The caller keeps ownership. */
  step(gradients: readonly tf.Tensor[]): void {
    this.steps += 1;
    const stepSize = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.steps)) / (1 - this.beta1 ** this.steps);
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const gradient = gradients[i];
        const m = tf.add(tf.mul(this.firstMoments[i], this.beta1), tf.mul(gradient, 1 - this.beta1));
        const v = tf.add(tf.mul(this.secondMoments[i], this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        this.firstMoments[i].assign(m);
        this.secondMoments[i].assign(v);
        variable.assign(tf.sub(variable, tf.mul(tf.div(m, tf.add(tf.sqrt(v), this.epsilon)), stepSize)));
      });
    });
  }

  dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments]);
  }
}
