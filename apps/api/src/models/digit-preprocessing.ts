import { DomainError, mnistDigitFromRgba, type MnistDigit } from '@mnist-lab/ml/spec';
import sharp from 'sharp';

/*
 * A PNG of one handwritten digit to one MNIST instance. Decoding (and shrinking a huge picture) is
 * sharp's (libvips); cropping, scaling and centring are libs/ml's mnistDigitFromRgba, the same
 * code the dashboard runs on its drawing canvas.
 */

/** Larger inputs are refused before decoding: a 10000 x 10000 image, or a decompression bomb. */
export const MAX_INPUT_PIXELS = 100_000_000;
/** Larger decoded images are first shrunk (keeping aspect) to this longest side. */
export const MAX_WORKING_SIDE = 2048;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image cannot be read, or holds no digit; the message says which. */
export class DigitImageError extends DomainError {
  override readonly name = 'DigitImageError';
  readonly code = 'invalid_image';
}

export interface PreprocessedDigit extends MnistDigit {
  readonly source: { readonly width: number; readonly height: number };
}

/** PNG bytes of any size to one 28x28 MNIST-style instance; `box` is in the (possibly shrunk) working image. */
export async function preprocessDigitImage(png: Uint8Array): Promise<PreprocessedDigit> {
  if (png.length < PNG_SIGNATURE.length || !PNG_SIGNATURE.equals(png.subarray(0, PNG_SIGNATURE.length))) {
    throw new DigitImageError('not a PNG image: it does not start with the PNG signature');
  }
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  let source: { width: number; height: number };
  try {
    const image = sharp(png, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const metadata = await image.metadata();
    source = { width: metadata.width ?? 0, height: metadata.height ?? 0 };
    decoded = await image
      .resize({ width: MAX_WORKING_SIDE, height: MAX_WORKING_SIDE, fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new DigitImageError(`cannot decode the PNG image: ${(error as Error).message}`);
  }
  const { width, height, channels } = decoded.info;
  if (channels !== 4) throw new DigitImageError(`cannot decode the PNG image: expected RGBA pixels, got ${channels} channels`);
  const digit = mnistDigitFromRgba(decoded.data, width, height);
  if (digit === null) throw new DigitImageError('the image holds no digit: no pixel stands out from the background');
  return { ...digit, source };
}
