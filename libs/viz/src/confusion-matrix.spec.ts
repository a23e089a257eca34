import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { formatPercent, renderConfusionMatrix, type ConfusionMatrixChart } from './confusion-matrix';

const counts = [
  [50, 2, 1],
  [3, 40, 7],
  [0, 5, 45],
];
const normalizedByTrue = counts.map((row) => row.map((value) => value / row.reduce((a, b) => a + b, 0)));
const chart: ConfusionMatrixChart = { labels: [0, 1, 2], matrix: counts, title: 'random_forest run 0123abcd — test (normalize=none)', percent: false, format: 'svg' };

describe('renderConfusionMatrix', () => {
  it('draws an SVG with the title, axis names, class labels and cell values', async () => {
    const svg = (await renderConfusionMatrix(chart)).toString('utf8');
    assert.match(svg, /^<svg[^>]* width="720" height="640"/);
    for (const text of [chart.title, 'Predicted label', 'True label', '>0<', '>1<', '>2<', '>50<', '>45<', '>7<']) {
      assert.ok(svg.includes(text), `SVG lacks ${text}`);
    }
  });

  it('writes normalised values as whole percentages, in black on light cells and white on dark ones', async () => {
    const svg = (await renderConfusionMatrix({ ...chart, matrix: normalizedByTrue, percent: true })).toString('utf8');
    assert.ok(svg.includes('>94%<'), 'row 0: 50 / 53');
    assert.ok(svg.includes('>80%<'), 'row 1: 40 / 50');
    assert.ok(!svg.includes('0.94'));
    const cellColor = (text: string) => svg.match(new RegExp(`fill="(#[0-9a-f]{6})"[^>]*>${text}<`))?.[1];
    assert.equal(cellColor('94%'), '#000000');
    assert.equal(cellColor('2%'), '#ffffff');
  });

  it('renders a PNG of the requested size', async () => {
    const png = await renderConfusionMatrix({ ...chart, format: 'png', width: 500, height: 460 });
    const metadata = await sharp(png).metadata();
    assert.equal(metadata.format, 'png');
    assert.equal(metadata.width, 500);
    assert.equal(metadata.height, 460);
  });

  it('gives different pictures for different matrices', async () => {
    const raw = await renderConfusionMatrix({ ...chart, format: 'png' });
    const normalized = await renderConfusionMatrix({ ...chart, format: 'png', matrix: normalizedByTrue, percent: true });
    assert.ok(!raw.equals(normalized));
  });

  it('refuses a matrix that does not match its labels', async () => {
    await assert.rejects(renderConfusionMatrix({ ...chart, labels: [0, 1] }), /must be 2 x 2/);
  });

  it('still draws a constant matrix (an errors-only matrix of a perfect classifier)', async () => {
    const zeros = counts.map((row) => row.map(() => 0));
    assert.ok((await renderConfusionMatrix({ ...chart, matrix: zeros, percent: true })).toString('utf8').includes('>0%<'));
  });
});

describe('formatPercent', () => {
  it("is Python's format(value, '.0%'), ties to even", () => {
    assert.deepEqual([0, 0.004, 0.125, 0.135, 0.5, 1].map(formatPercent), ['0%', '0%', '12%', '14%', '50%', '100%']);
  });
});
