// For the specs that compare the compiled kernels with their TypeScript references.
import { nativeAddon, type NativeAddon } from './addon';

/** A test option: such specs are skipped only when MNIST_LAB_NATIVE=0 turns the kernels off. */
export const SKIP_WITHOUT_KERNELS = { skip: process.env['MNIST_LAB_NATIVE'] === '0' && 'turned off by MNIST_LAB_NATIVE=0' };

/** The compiled kernels; throws, failing the spec, where they should be built and are not. */
export function builtKernels(): NativeAddon {
  const addon = nativeAddon();
  if (!addon) throw new Error('the compiled kernels are not built: npm run build:native -w libs/ml');
  return addon;
}
