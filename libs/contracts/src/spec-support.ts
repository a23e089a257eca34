// Shared by this library's specs only; index.ts does not export it.
import { InvalidParameterError } from '@mnist-lab/ml/spec';

/** The examples all scale the pixels, then fit `model`. */
export const scaledPipeline = (model: Record<string, unknown>) => ({ type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', model]] });

/** The InvalidParameterError `validate` rejects `body` with; any other outcome fails the test. */
export function rejection(validate: (body: unknown) => unknown, body: unknown): InvalidParameterError {
  try {
    validate(body);
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}
