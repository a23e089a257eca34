/*
 * A picture of one handwritten digit, turned into what an MNIST model expects: 28x28 grey levels,
 * white ink on a black background, the digit scaled so that its longest side is 20 pixels and
 * placed so that its centre of mass is at the centre of the frame. That is how MNIST itself was
 * made from NIST's scans (LeCun et al., http://yann.lecun.com/exdb/mnist/): "normalized to fit in
 * a 20x20 pixel box while preserving their aspect ratio ... centered in a 28x28 image by computing
 * the center of mass of the pixels". Measured on mnist_784, the mean centre of mass is (14.0, 14.0)
 * in pixel-index coordinates, so that is where it goes.
 *
 * Pure functions on pixel arrays: the api runs them on decoded PNGs (POST /models/:id/predict with
 * an image) and the dashboard on its drawing canvas, so both see a drawing the same way.
 */

export const MNIST_SIDE = 28;
/** The box the digit's longest side is scaled to. */
export const MNIST_BOX = 20;
/** Where the centre of mass goes, in pixel-index coordinates (x and y). */
export const MNIST_CENTRE = 14;
/** A pixel at least this far above the background (after stretching to 0-255) is ink. */
export const INK_THRESHOLD = 32;
/** Less contrast than this between background and darkest/brightest pixel: there is no digit. */
const MIN_CONTRAST = 24;

/** One channel of 8-bit values, row-major. */
export interface GreyImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface MnistDigit {
  /** 784 grey levels, row by row, white ink on black: one MNIST instance. */
  readonly pixels: Uint8Array;
  /** The picture had a light background and was inverted. */
  readonly inverted: boolean;
  /** The ink's bounding box in the picture. */
  readonly box: Box;
}

/** RGBA pixels (a decoded PNG, a canvas's ImageData) to one MNIST instance, or null when no ink stands out. */
export function mnistDigitFromRgba(rgba: ArrayLike<number>, width: number, height: number): MnistDigit | null {
  if (rgba.length !== width * height * 4) throw new RangeError(`expected ${width * height * 4} RGBA values for ${width}x${height}; got ${rgba.length}`);
  const { image: ink, inverted } = normaliseInk(flattenToGrey(rgba, width, height));
  const box = inkBoundingBox(ink, INK_THRESHOLD);
  if (box === null) return null;
  const scale = MNIST_BOX / Math.max(box.width, box.height);
  const digit = resizeArea(crop(ink, box), clampSide(Math.round(box.width * scale)), clampSide(Math.round(box.height * scale)));
  return { pixels: placeByCentreOfMass(digit), inverted, box };
}

/**
 * RGBA to one grey channel (ITU-R BT.601 luma). Transparent pixels are background: they take the
 * colour opposite to the ink's, so a dark digit drawn on a transparent canvas reads as dark on
 * white, and a light one as light on black.
 */
export function flattenToGrey(rgba: ArrayLike<number>, width: number, height: number): GreyImage {
  const n = width * height;
  const luma = new Float32Array(n);
  let inkSum = 0;
  let inkWeight = 0;
  let transparent = false;
  for (let i = 0; i < n; i++) {
    const o = 4 * i;
    luma[i] = 0.299 * rgba[o] + 0.587 * rgba[o + 1] + 0.114 * rgba[o + 2];
    const alpha = rgba[o + 3];
    if (alpha < 255) transparent = true;
    inkSum += luma[i] * alpha;
    inkWeight += alpha;
  }
  const data = new Uint8Array(n);
  if (!transparent) {
    for (let i = 0; i < n; i++) data[i] = Math.round(luma[i]);
    return { data, width, height };
  }
  // The opaque pixels are the drawing: a dark drawing gets a white background, a light one black.
  const background = inkWeight > 0 && inkSum / inkWeight < 128 ? 255 : 0;
  for (let i = 0; i < n; i++) {
    const alpha = rgba[4 * i + 3] / 255;
    data[i] = Math.round(luma[i] * alpha + background * (1 - alpha));
  }
  return { data, width, height };
}

/**
 * White ink on black, as MNIST: the background is the median of the image's outermost pixels; a
 * light one means dark ink, and the image is inverted. Then the background level becomes 0 and
 * the strongest ink 255.
 */
export function normaliseInk(image: GreyImage): { image: GreyImage; inverted: boolean } {
  const { data, width, height } = image;
  const background = borderMedian(image);
  const inverted = background > 127;
  const value = (v: number) => (inverted ? 255 - v : v);
  const floor = value(background);
  let peak = 0;
  for (let i = 0; i < data.length; i++) peak = Math.max(peak, value(data[i]));
  const out = new Uint8Array(data.length);
  if (peak - floor >= MIN_CONTRAST) {
    const gain = 255 / (peak - floor);
    for (let i = 0; i < data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((value(data[i]) - floor) * gain)));
  }
  return { image: { data: out, width, height }, inverted };
}

/** The median grey level of the pixels on the image's edges. */
export function borderMedian({ data, width, height }: GreyImage): number {
  const histogram = new Uint32Array(256);
  let count = 0;
  const add = (x: number, y: number) => {
    histogram[data[y * width + x]]++;
    count++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    if (height > 1) add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    if (width > 1) add(width - 1, y);
  }
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v];
    if (seen * 2 >= count) return v;
  }
  return 255;
}

/** The smallest box holding every pixel at or above `threshold`, or null when none is. */
export function inkBoundingBox({ data, width, height }: GreyImage, threshold: number): Box | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x] >= threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        bottom = y;
      }
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

function crop(image: GreyImage, box: Box): GreyImage {
  const data = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const start = (box.top + y) * image.width + box.left;
    data.set(image.data.subarray(start, start + box.width), y * box.width);
  }
  return { data, width: box.width, height: box.height };
}

/**
 * Resamples by averaging each target pixel's footprint in the source, partial pixels weighted
 * (area averaging: no ringing, and every source pixel counts once when shrinking).
 */
export function resizeArea(source: GreyImage, width: number, height: number): GreyImage {
  const data = new Uint8Array(width * height);
  const stepX = source.width / width;
  const stepY = source.height / height;
  for (let ty = 0; ty < height; ty++) {
    const y0 = ty * stepY;
    const y1 = y0 + stepY;
    for (let tx = 0; tx < width; tx++) {
      const x0 = tx * stepX;
      const x1 = x0 + stepX;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.min(source.height, Math.ceil(y1)); y++) {
        const weightY = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(source.width, Math.ceil(x1)); x++) {
          sum += source.data[y * source.width + x] * (Math.min(x + 1, x1) - Math.max(x, x0)) * weightY;
        }
      }
      data[ty * width + tx] = Math.min(255, Math.round(sum / (stepX * stepY)));
    }
  }
  return { data, width, height };
}

/** The intensity-weighted mean position (x, y) of an image's pixels, or its middle when all are 0. */
export function centreOfMass({ data, width, height }: GreyImage): { x: number; y: number } {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x];
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return mass === 0 ? { x: (width - 1) / 2, y: (height - 1) / 2 } : { x: sx / mass, y: sy / mass };
}

/**
 * Copies a digit (at most 28 x 28) into a black 28 x 28 frame, shifted by whole pixels so that its
 * centre of mass lands as near (14, 14) as it can while the digit stays inside the frame.
 */
export function placeByCentreOfMass(digit: GreyImage): Uint8Array {
  if (digit.width > MNIST_SIDE || digit.height > MNIST_SIDE) {
    throw new RangeError(`a digit of ${digit.width}x${digit.height} does not fit in ${MNIST_SIDE}x${MNIST_SIDE}`);
  }
  const com = centreOfMass(digit);
  const left = clamp(Math.round(MNIST_CENTRE - com.x), 0, MNIST_SIDE - digit.width);
  const top = clamp(Math.round(MNIST_CENTRE - com.y), 0, MNIST_SIDE - digit.height);
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < digit.height; y++) {
    out.set(digit.data.subarray(y * digit.width, (y + 1) * digit.width), (top + y) * MNIST_SIDE + left);
  }
  return out;
}

function clampSide(side: number): number {
  return clamp(side, 1, MNIST_BOX);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
