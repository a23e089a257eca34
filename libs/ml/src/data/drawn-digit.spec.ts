import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMnist } from './mnist';
import {
  borderMedian,
  centreOfMass,
  flattenToGrey,
  inkBoundingBox,
  INK_THRESHOLD,
  MNIST_CENTRE,
  mnistDigitFromRgba,
  normaliseInk,
  placeByCentreOfMass,
  resizeArea,
  type GreyImage,
} from './drawn-digit';

const grey = (width: number, height: number, fill = 0): GreyImage => ({ data: new Uint8Array(width * height).fill(fill), width, height });

function paint(image: GreyImage, left: number, top: number, width: number, height: number, value: number): GreyImage {
  for (let y = top; y < top + height; y++) image.data.fill(value, y * image.width + left, y * image.width + left + width);
  return image;
}

/** Mean absolute difference between two images of the same size. */
const meanAbsDiff = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;

/** Opaque RGBA of a grey image, as a canvas's getImageData gives it. */
function rgba({ data }: GreyImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(data.length * 4);
  data.forEach((v, i) => out.set([v, v, v, 255], i * 4));
  return out;
}

describe('drawn-digit pixel logic', () => {
  it('finds the bounding box of the ink, or none', () => {
    const image = paint(grey(10, 8), 3, 2, 4, 5, 200);
    image.data[7 * 10 + 9] = 10; // below the threshold
    assert.deepEqual(inkBoundingBox(image, 32), { left: 3, top: 2, width: 4, height: 5 });
    assert.equal(inkBoundingBox(grey(5, 5, 31), 32), null);
  });

  it('computes the centre of mass in pixel-index coordinates', () => {
    const image = grey(4, 3);
    image.data[1 * 4 + 0] = 100;
    image.data[1 * 4 + 3] = 300 - 200; // equal masses at x=0 and x=3
    assert.deepEqual(centreOfMass(image), { x: 1.5, y: 1 });
    assert.deepEqual(centreOfMass(grey(5, 3)), { x: 2, y: 1 });
  });

  it('places a digit so that its centre of mass is at (14, 14), inside the frame', () => {
    const digit = paint(grey(10, 20), 0, 0, 10, 20, 255); // centre of mass (4.5, 9.5)
    const out = placeByCentreOfMass(digit);
    const com = centreOfMass({ data: out, width: 28, height: 28 });
    assert.ok(Math.abs(com.x - MNIST_CENTRE) <= 0.5 && Math.abs(com.y - MNIST_CENTRE) <= 0.5, JSON.stringify(com));
    assert.equal(out.reduce((a, b) => a + b, 0), 255 * 200, 'every pixel copied');

    // Mass at one edge would push the digit out of the frame: it stops at the border instead.
    const lopsided = grey(20, 20);
    lopsided.data[0] = 255;
    const placed = placeByCentreOfMass(lopsided);
    assert.equal(placed[8 * 28 + 8], 255);
    assert.throws(() => placeByCentreOfMass(grey(29, 10)), RangeError);
  });

  it('takes the background from the border median and inverts a light one', () => {
    const dark = paint(grey(9, 9, 250), 3, 3, 3, 3, 20);
    assert.equal(borderMedian(dark), 250);
    const { image, inverted } = normaliseInk(dark);
    assert.equal(inverted, true);
    assert.equal(image.data[0], 0);
    assert.equal(image.data[4 * 9 + 4], 255);

    const light = paint(grey(9, 9, 10), 3, 3, 3, 3, 130);
    const normalised = normaliseInk(light);
    assert.equal(normalised.inverted, false);
    assert.equal(normalised.image.data[0], 0);
    assert.equal(normalised.image.data[4 * 9 + 4], 255, 'stretched to full range');

    // A digit touching the edge does not fool the median.
    const touching = paint(grey(9, 9, 255), 0, 0, 2, 9, 0);
    assert.equal(normaliseInk(touching).inverted, true);
    // A uniform image has no ink at all.
    assert.ok(normaliseInk(grey(6, 6, 128)).image.data.every((v) => v === 0));
  });

  it('puts transparent pixels behind the drawing, whatever its colour', () => {
    const rgba = (ink: number) => {
      const data = new Uint8Array(3 * 1 * 4); // three pixels: transparent, ink, transparent
      data.set([ink, ink, ink, 255], 4);
      return flattenToGrey(data, 3, 1).data;
    };
    assert.deepEqual(Array.from(rgba(0)), [255, 0, 255], 'dark ink on white');
    assert.deepEqual(Array.from(rgba(255)), [0, 255, 0], 'light ink on black');
  });
});


describe('mnistDigitFromRgba', () => {
  it('gives back MNIST digits unchanged, and recovers them drawn 10x larger, as the dashboard draws', () => {
    const mnist = loadMnist({ n_samples: 60 });
    let total = 0;
    for (let i = 0; i < 60; i++) {
      const digit: GreyImage = { data: mnist.X.data.subarray(i * 784, (i + 1) * 784), width: 28, height: 28 };
      const same = mnistDigitFromRgba(rgba(digit), 28, 28);
      assert.ok(same && !same.inverted);
      // Scale 1 (a 20-pixel box) copies the ink; only faint pixels outside the ink's box are lost.
      assert.ok(meanAbsDiff(same.pixels, digit.data) < 1, `digit ${i}: mean abs diff ${meanAbsDiff(same.pixels, digit.data)}`);
      const large = grey(280, 280);
      for (let y = 0; y < 280; y++) for (let x = 0; x < 280; x++) large.data[y * 280 + x] = digit.data[Math.floor(y / 10) * 28 + Math.floor(x / 10)];
      const recovered = mnistDigitFromRgba(rgba(large), 280, 280);
      assert.ok(recovered);
      total += meanAbsDiff(recovered.pixels, digit.data);
    }
    assert.ok(total / 60 < 12, `mean abs diff per pixel ${total / 60}`);
  });

  it('returns null for a blank or too faint picture, and refuses a wrong length', () => {
    assert.equal(mnistDigitFromRgba(rgba(grey(50, 50)), 50, 50), null);
    assert.equal(mnistDigitFromRgba(rgba(paint(grey(50, 50, 100), 10, 10, 5, 5, 110)), 50, 50), null, 'contrast 10 is no digit');
    assert.throws(() => mnistDigitFromRgba(new Uint8Array(10), 2, 2), RangeError);
  });

  it('counts a faint stroke as ink only at or above INK_THRESHOLD after stretching', () => {
    // Background 0, one strong pixel (255) and a stroke just below and just at the threshold.
    const image = grey(40, 40);
    image.data[20 * 40 + 20] = 255;
    paint(image, 2, 2, 3, 1, INK_THRESHOLD - 1);
    assert.deepEqual(mnistDigitFromRgba(rgba(image), 40, 40)?.box, { left: 20, top: 20, width: 1, height: 1 });
    paint(image, 2, 2, 3, 1, INK_THRESHOLD);
    assert.deepEqual(mnistDigitFromRgba(rgba(image), 40, 40)?.box, { left: 2, top: 2, width: 19, height: 19 });
  });
});

describe('resizeArea', () => {
  it('averages each target pixel over its footprint', () => {
    const source = paint(grey(4, 2), 0, 0, 2, 2, 200); // left half 200, right half 0
    assert.deepEqual(Array.from(resizeArea(source, 2, 1).data), [200, 0]);
    assert.deepEqual(Array.from(resizeArea(source, 1, 1).data), [100]);
    assert.deepEqual(Array.from(resizeArea(grey(3, 1, 90), 2, 1).data), [90, 90], 'partial pixels are weighted');
  });
});
