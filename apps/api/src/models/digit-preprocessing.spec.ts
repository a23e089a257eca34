import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadMnist, type ClassificationDataset } from '@mnist-lab/ml';
import sharp from 'sharp';
import { centreOfMass, inkBoundingBox, MNIST_CENTRE, type GreyImage } from '@mnist-lab/ml/spec';
import { DigitImageError, preprocessDigitImage } from './digit-preprocessing';

const grey = (width: number, height: number, fill = 0): GreyImage => ({ data: new Uint8Array(width * height).fill(fill), width, height });

function paint(image: GreyImage, left: number, top: number, width: number, height: number, value: number): GreyImage {
  for (let y = top; y < top + height; y++) image.data.fill(value, y * image.width + left, y * image.width + left + width);
  return image;
}

const png = (image: GreyImage) => sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer();

/** Mean absolute difference between two 784-pixel images. */
const meanAbsDiff = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;

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
