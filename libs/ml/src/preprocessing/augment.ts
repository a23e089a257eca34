import { BaseEstimator } from '../base/base-estimator';
import type { EstimatorDescriptor, EstimatorState, Resampled, Resampler } from '../base/estimator';
import { ArtifactError, DataError } from '../base/errors';
import type { FeatureArray, Labels, Matrix } from '../base/matrix';
import type { Params } from '../base/params';
import { checkFitData, checkPredictData } from '../base/validation';
import { imageAugmenterDefinition } from '../spec/image-augmenter';
import { RandomState } from '../utils/random';

export interface ImageAugmenterParams extends Params {
  /** Every shift of 1..shift pixels in the four directions is added. Default 1 (5x the rows). */
  shift: number;
  /** Rotated copies of each image. Default 0. */
  rotations: number;
  /** Degrees; each rotated copy's angle is uniform in [-max_rotation, max_rotation]. Default 10. */
  max_rotation: number;
  /** Pixels per image row; null for square images. */
  image_width: number | null;
  random_state: number | null;
}

interface FittedAugmenter {
  readonly nFeatures: number;
  readonly height: number;
  readonly width: number;
}

/** Row and column offsets of one shifted copy: the image moves `rows` down and `cols` right. */
interface Offset {
  readonly rows: number;
  readonly cols: number;
}

/**
 * Training-set augmentation for images stored one per row (row-major pixels): the original rows,
 * then for each distance d in 1..shift every image moved d pixels right, left, down and up (as
 * `scipy.ndimage.shift(image, [dy, dx], cval=0, order=0)` in the notebook's exercise), then
 * `rotations` copies each turned by a seeded random angle about the image centre. Labels repeat
 * with their images. The output has the input's element type: bytes stay bytes (rotated pixels are
 * rounded), so a forest behind it keeps its byte path.
 *
 * It is a {@link Resampler}: a Pipeline applies it in `fit` only, so predictions, test sets and a
 * sweep's validation folds see the images as they are.
 */
export class ImageAugmenter extends BaseEstimator<ImageAugmenterParams, FittedAugmenter> implements Resampler {
  constructor(params: Partial<ImageAugmenterParams> = {}) {
    super(imageAugmenterDefinition, params as Params);
  }

  static restore(state: EstimatorState): ImageAugmenter {
    const augmenter = new ImageAugmenter(state.params as Partial<ImageAugmenterParams>);
    const [nFeatures, height, width] = ['n_features_in_', 'image_height_', 'image_width_'].map((name) => state.attributes[name]);
    if (![nFeatures, height, width].every((value) => Number.isInteger(value) && (value as number) > 0) || (height as number) * (width as number) !== nFeatures) {
      throw new ArtifactError('ImageAugmenter artifact: n_features_in_, image_height_ and image_width_ must be positive integers with height x width = n_features_in_');
    }
    augmenter.setFitted({ nFeatures: nFeatures as number, height: height as number, width: width as number });
    return augmenter;
  }

  get n_features_in_(): number {
    return this.fitted().nFeatures;
  }

  /** The image shape learnt in `fit`, [height, width]. */
  get image_shape_(): readonly [number, number] {
    const { height, width } = this.fitted();
    return [height, width];
  }

  /** How many rows each input row becomes. */
  get expansion(): number {
    return 1 + 4 * this.params.shift + this.params.rotations;
  }

  async fit(X: Matrix, y?: Labels): Promise<this> {
    checkFitData(X, y, this.displayName);
    const width = this.params.image_width ?? Math.round(Math.sqrt(X.cols));
    if (X.cols % width !== 0 || (this.params.image_width === null && width * width !== X.cols)) {
      throw new DataError(
        this.params.image_width === null
          ? `${this.displayName} with image_width=null needs square images, but ${X.cols} features are not a square number of pixels; set image_width`
          : `${this.displayName}: ${X.cols} features are not whole rows of image_width=${width} pixels`,
      );
    }
    this.setFitted({ nFeatures: X.cols, height: X.cols / width, width }, { expansion: this.expansion });
    return this;
  }

  async fitResample(X: Matrix, y: Labels): Promise<Resampled> {
    await this.fit(X, y);
    return this.resample(X, y);
  }

  resample(X: Matrix, y: Labels): Resampled {
    const { nFeatures, height, width } = this.fitted();
    checkPredictData(X, nFeatures, this.displayName);
    if (y.length !== X.rows) throw new DataError(`X has ${X.rows} samples but y has ${y.length} labels`);
    const offsets: Offset[] = [];
    for (let d = 1; d <= this.params.shift; d++) offsets.push({ rows: 0, cols: d }, { rows: 0, cols: -d }, { rows: d, cols: 0 }, { rows: -d, cols: 0 });
    const copies = 1 + offsets.length + this.params.rotations;
    const out = new (X.data.constructor as new (length: number) => FeatureArray)(X.data.length * copies);
    out.set(X.data);
    const random = new RandomState(this.params.random_state);
    for (let i = 0; i < X.rows; i++) {
      const image = X.data.subarray(i * nFeatures, (i + 1) * nFeatures);
      offsets.forEach((offset, k) => shiftImage(image, out.subarray(((k + 1) * X.rows + i) * nFeatures), height, width, offset));
      for (let r = 0; r < this.params.rotations; r++) {
        const degrees = (2 * random.random() - 1) * this.params.max_rotation;
        rotateImage(image, out.subarray(((1 + offsets.length + r) * X.rows + i) * nFeatures), height, width, degrees);
      }
    }
    const labels = new Int32Array(y.length * copies);
    for (let k = 0; k < copies; k++) labels.set(y, k * y.length);
    return { X: { data: out, rows: X.rows * copies, cols: nFeatures }, y: labels };
  }

  serialize(): EstimatorState {
    const { nFeatures, height, width } = this.fitted();
    return { type: this.type, params: this.getParams(), attributes: { n_features_in_: nFeatures, image_height_: height, image_width_: width }, arrays: {}, children: [] };
  }
}

/** Writes `image` moved by `offset` into the first height x width values of `out`; uncovered pixels are 0. */
function shiftImage(image: FeatureArray, out: FeatureArray, height: number, width: number, offset: Offset): void {
  for (let r = 0; r < height; r++) {
    const source = r - offset.rows;
    const row = out.subarray(r * width, (r + 1) * width);
    if (source < 0 || source >= height) {
      row.fill(0);
      continue;
    }
    for (let c = 0; c < width; c++) {
      const column = c - offset.cols;
      row[c] = column >= 0 && column < width ? image[source * width + column] : 0;
    }
  }
}

/**
 * Writes `image` turned `degrees` counter-clockwise about its centre into `out`: each output pixel
 * is the bilinear interpolation of the input at the inversely rotated position, 0 outside the
 * image, rounded to the nearest integer for bytes.
 */
function rotateImage(image: FeatureArray, out: FeatureArray, height: number, width: number, degrees: number): void {
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  const bytes = image instanceof Uint8Array;
  const pixel = (r: number, c: number) => (r >= 0 && r < height && c >= 0 && c < width ? image[r * width + c] : 0);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const dx = c - cx;
      const dy = r - cy;
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      const c0 = Math.floor(sx);
      const r0 = Math.floor(sy);
      const fx = sx - c0;
      const fy = sy - r0;
      const value =
        (1 - fy) * ((1 - fx) * pixel(r0, c0) + fx * pixel(r0, c0 + 1)) + fy * ((1 - fx) * pixel(r0 + 1, c0) + fx * pixel(r0 + 1, c0 + 1));
      out[r * width + c] = bytes ? Math.round(value) : value;
    }
  }
}

export const imageAugmenterDescriptor: EstimatorDescriptor = {
  ...imageAugmenterDefinition,
  create: (params) => new ImageAugmenter(params as Partial<ImageAugmenterParams>),
  restore: (state) => ImageAugmenter.restore(state),
};
