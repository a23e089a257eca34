/**
 * Turns a drawing into an MNIST-style 28x28 image, the way MNIST's digits were made: the ink's
 * bounding box is scaled (keeping its aspect ratio, with area averaging) to fit a 20x20 box,
 * then placed in a 28x28 image so that its centre of mass is at the centre.
 */

export const MNIST_SIZE = 28;
const DIGIT_BOX = 20;
/** Pixels at or below this intensity (0..255) are background, not ink. */
const INK_THRESHOLD = 16;

export interface GrayImage {
  width: number;
  height: number;
  /** Intensities 0..255, row by row; ink is bright on black. */
  pixels: Float32Array;
}

/** The red channel of RGBA data drawn white on black. */
export function grayFromRgba(rgba: Uint8ClampedArray, width: number, height: number): GrayImage {
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rgba[i * 4] ?? 0;
  return { width, height, pixels };
}

/** 784 integers 0..255, or null when nothing was drawn. */
export function toMnistPixels(image: GrayImage): number[] | null {
  const box = inkBoundingBox(image);
  if (!box) return null;
  const scale = DIGIT_BOX / Math.max(box.width, box.height);
  const width = Math.max(1, Math.round(box.width * scale));
  const height = Math.max(1, Math.round(box.height * scale));
  const digit = resizeArea(crop(image, box), width, height);
  const [cx, cy] = centreOfMass(digit);
  const offsetX = Math.round(MNIST_SIZE / 2 - cx);
  const offsetY = Math.round(MNIST_SIZE / 2 - cy);
  const out = new Array<number>(MNIST_SIZE * MNIST_SIZE).fill(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tx = x + offsetX;
      const ty = y + offsetY;
      if (tx < 0 || ty < 0 || tx >= MNIST_SIZE || ty >= MNIST_SIZE) continue;
      out[ty * MNIST_SIZE + tx] = Math.min(255, Math.round(digit.pixels[y * width + x] ?? 0));
    }
  }
  return out;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function inkBoundingBox({ width, height, pixels }: GrayImage): Box | null {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((pixels[y * width + x] ?? 0) <= INK_THRESHOLD) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  return maxX < 0 ? null : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

function crop(image: GrayImage, box: Box): GrayImage {
  const pixels = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const start = (box.y + y) * image.width + box.x;
    pixels.set(image.pixels.subarray(start, start + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, pixels };
}

/** Downscales by averaging each target pixel's footprint in the source (partial pixels weighted). */
function resizeArea(source: GrayImage, width: number, height: number): GrayImage {
  const pixels = new Float32Array(width * height);
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
          const weightX = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += (source.pixels[y * source.width + x] ?? 0) * weightX * weightY;
        }
      }
      pixels[ty * width + tx] = sum / (stepX * stepY);
    }
  }
  return { width, height, pixels };
}

/** Intensity-weighted centre, in pixel-centre coordinates (x + 0.5, y + 0.5). */
function centreOfMass({ width, height, pixels }: GrayImage): [number, number] {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = pixels[y * width + x] ?? 0;
      mass += value;
      sumX += value * (x + 0.5);
      sumY += value * (y + 0.5);
    }
  }
  return mass > 0 ? [sumX / mass, sumY / mass] : [width / 2, height / 2];
}
