import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadMnist, type ClassificationDataset } from '@mnist-lab/ml';
import sharp from 'sharp';
import {
  borderMedian,
  centreOfMass,
  DigitImageError,
  flattenToGrey,
  inkBoundingBox,
  MNIST_CENTRE,
  normaliseInk,
  placeByCentreOfMass,
  preprocessDigitImage,
  type GreyImage,
} from './digit-preprocessing';

const grey = (width: number, height: number, fill = 0): GreyImage => ({ data: new Uint8Array(width * height).fill(fill), width, height });

function paint(image: GreyImage, left: number, top: number, width: number, height: number, value: number): GreyImage {
  for (let y = top; y < top + height; y++) image.data.fill(value, y * image.width + left, y * image.width + left + width);
  return image;
}

const png = (image: GreyImage) => sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer();

/** Mean absolute difference between two 784-pixel images. */
const meanAbsDiff = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;

describe('digit preprocessing: pixel logic', () => {
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

describe('digit preprocessing: PNG to a 28x28 MNIST instance', () => {
  let mnist: ClassificationDataset;
  const digit = (i: number) => mnist.X.data.subarray(i * 784, (i + 1) * 784);

  before(() => {
    mnist = loadMnist({ n_samples: 200 });
  });

  it('gives back an MNIST digit from a white-on-black 28x28 PNG unchanged', async () => {
    for (const i of [0, 1, 2, 3, 4]) {
      const out = await preprocessDigitImage(await png({ data: digit(i), width: 28, height: 28 }));
      assert.equal(out.inverted, false);
      assert.ok(meanAbsDiff(out.pixels, digit(i)) < 1, `digit ${i}: mean abs diff ${meanAbsDiff(out.pixels, digit(i))}`);
    }
  });

  it('recovers MNIST digits scaled up 4x and inverted to black on white', async () => {
    let total = 0;
    for (let i = 100; i < 150; i++) {
      const bytes = await sharp(Buffer.from(digit(i)), { raw: { width: 28, height: 28, channels: 1 } }).resize(112, 112).negate().png().toBuffer();
      const out = await preprocessDigitImage(bytes);
      assert.equal(out.inverted, true);
      assert.deepEqual(out.source, { width: 112, height: 112 });
      total += meanAbsDiff(out.pixels, digit(i));
    }
    assert.ok(total / 50 < 15, `mean abs diff per pixel ${total / 50}`);
  });

  it('crops, scales and centres a small digit drawn anywhere on a large light canvas', async () => {
    // A 40 x 80 dark bar near the top left corner of a 600 x 400 canvas.
    const canvas = paint(grey(600, 400, 240), 30, 20, 40, 80, 15);
    const out = await preprocessDigitImage(await png(canvas));
    const image = { data: out.pixels, width: 28, height: 28 };
    assert.deepEqual(out.box, { left: 30, top: 20, width: 40, height: 80 });
    assert.deepEqual(inkBoundingBox(image, 128), { left: 10, top: 5, width: 10, height: 20 }, 'longest side 20 px, aspect kept, centred (14 - 4.5 rounds to 10)');
    const com = centreOfMass(image);
    assert.ok(Math.abs(com.x - MNIST_CENTRE) <= 0.5 && Math.abs(com.y - MNIST_CENTRE) <= 0.5, JSON.stringify(com));
  });

  it('reads a dark digit drawn on a transparent canvas', async () => {
    const rgba = Buffer.alloc(64 * 64 * 4); // transparent black
    for (let y = 10; y < 54; y++) for (let x = 28; x < 36; x++) rgba.set([0, 0, 0, 255], (y * 64 + x) * 4);
    const bytes = await sharp(rgba, { raw: { width: 64, height: 64, channels: 4 } }).png().toBuffer();
    const out = await preprocessDigitImage(bytes);
    assert.equal(out.inverted, true);
    assert.equal(inkBoundingBox({ data: out.pixels, width: 28, height: 28 }, 128)?.height, 20);
  });

  it('rejects what is not a PNG, a broken PNG and a blank image with the reason', async () => {
    await assert.rejects(preprocessDigitImage(Buffer.from('GIF89a...')), (error: Error) => error instanceof DigitImageError && /not a PNG/.test(error.message));
    const broken = (await png(grey(50, 50))).subarray(0, 40);
    await assert.rejects(preprocessDigitImage(broken), (error: Error) => error instanceof DigitImageError && /cannot decode/.test(error.message));
    await assert.rejects(preprocessDigitImage(await png(grey(50, 50, 255))), (error: Error) => error instanceof DigitImageError && /no digit/.test(error.message));
  });
});
