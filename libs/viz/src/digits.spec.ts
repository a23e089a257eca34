import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { digitGridSize, DIGIT_GRID_LAYOUT, renderDigit, renderDigitGrid } from './digits';

/** A 28 x 28 digit: a vertical bar of ink in columns 12-15. */
function bar(): Uint8Array {
  return Uint8Array.from({ length: 784 }, (_, i) => (i % 28 >= 12 && i % 28 < 16 ? 255 : 0));
}

describe('renderDigit', () => {
  it('draws ink black on white, scaled up without blur', async () => {
    const png = await renderDigit(bar(), 10);
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.width, 280);
    assert.equal(info.height, 280);
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    assert.equal(at(0, 0), 255, 'background is white');
    assert.equal(at(125, 140), 0, 'ink is black');
    assert.equal(at(119, 140), 255, 'the pixel left of the bar stays white: nearest neighbour');
    assert.equal(at(120, 140), 0);
  });

  it('refuses an image that is not square and a bad scale', async () => {
    await assert.rejects(renderDigit(new Uint8Array(783), 1), /square image/);
    await assert.rejects(renderDigit(bar(), 0), /scale must be an integer in \[1, 64\]/);
  });
});

describe('renderDigitGrid', () => {
  it('lays out captioned digits in rows of `columns`', async () => {
    const items = Array.from({ length: 7 }, (_, k) => ({ pixels: bar(), caption: `${k} → ${(k + 1) % 10}` }));
    const png = await renderDigitGrid(items, 3, { title: ['misclassified', 'true → predicted'] });
    const metadata = await sharp(png).metadata();
    const { gap, captionHeight, titleLineHeight } = DIGIT_GRID_LAYOUT;
    assert.deepEqual({ width: metadata.width, height: metadata.height }, digitGridSize(7, 3, { titleLines: 2 }));
    assert.equal(metadata.width, gap + 3 * (84 + gap));
    assert.equal(metadata.height, gap + 2 * titleLineHeight + gap + 3 * (84 + captionHeight + gap));
  });

  it('uses fewer columns when there are fewer digits, and draws an empty grid', async () => {
    const one = await sharp(await renderDigitGrid([{ pixels: bar(), caption: '1 → 7' }], 6)).metadata();
    assert.equal(one.width, digitGridSize(1, 1).width);
    const none = await sharp(await renderDigitGrid([], 4)).metadata();
    assert.equal(none.width, digitGridSize(0, 4).width);
  });
});
