import sharp from 'sharp';
import { escapeXml, FONT_STACK, svgToPng } from './raster';

export interface CaptionedDigit {
  /** Grey levels, row by row, of a square image (MNIST: 784 = 28 x 28); 0 is background, 255 ink. */
  readonly pixels: Uint8Array;
  /** Written under the digit, e.g. "3 → 5". */
  readonly caption: string;
}

export interface DigitGridOptions {
  /** Lines written above the grid, the first in bold; a line too long for the grid's width is drawn smaller. */
  readonly title?: readonly string[];
  /** Screen pixels per image pixel; default 3 (an 84-pixel MNIST digit). */
  readonly scale?: number;
}

/** Spacing of `renderDigitGrid`, in pixels, so that callers can predict its size (`digitGridSize`). */
export const DIGIT_GRID_LAYOUT = { gap: 12, captionHeight: 22, titleLineHeight: 22, defaultScale: 3 } as const;

const MAX_SCALE = 64;
const MNIST_SIDE = 28;

/**
 * The notebook's `draw_number`: `plt.imshow(image, cmap="binary")`, ink black on white, each
 * pixel a `scale` x `scale` square (nearest neighbour, so no blur).
 */
export async function renderDigit(pixels: Uint8Array, scale: number): Promise<Buffer> {
  const side = imageSide(pixels);
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) throw new RangeError(`scale must be an integer in [1, ${MAX_SCALE}]; got ${scale}`);
  return sharp(inkOnPaper(pixels), { raw: { width: side, height: side, channels: 1 } })
    .resize(side * scale, side * scale, { kernel: 'nearest' })
    .png()
    .toBuffer();
}

/**
 * Digits in rows of `columns` (fewer when there are fewer digits), each framed and captioned,
 * under an optional title: an SVG embedding each digit as a PNG, rasterised by resvg.
 */
export async function renderDigitGrid(items: readonly CaptionedDigit[], columns: number, options: DigitGridOptions = {}): Promise<Buffer> {
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`columns must be a positive integer; got ${columns}`);
  if (items.some((item) => item.pixels.length !== items[0].pixels.length)) throw new RangeError('every digit of a grid must have the same size');
  const { gap, captionHeight } = DIGIT_GRID_LAYOUT;
  const scale = options.scale ?? DIGIT_GRID_LAYOUT.defaultScale;
  const titleLines = options.title ?? [];
  const digitSide = items.length > 0 ? imageSide(items[0].pixels) : MNIST_SIDE;
  const digitSize = digitSide * scale;
  const size = digitGridSize(items.length, columns, { digitSide, scale, titleLines: titleLines.length });
  const usedColumns = gridColumns(items.length, columns);
  const top = titleHeight(titleLines.length);

  const images = await Promise.all(items.map((item) => renderDigit(item.pixels, scale)));
  const cells = items.map((item, k) => {
    const x = gap + (k % usedColumns) * (digitSize + gap);
    const y = top + gap + Math.floor(k / usedColumns) * (digitSize + captionHeight + gap);
    return [
      `<image x="${x}" y="${y}" width="${digitSize}" height="${digitSize}" href="data:image/png;base64,${images[k].toString('base64')}"/>`,
      `<rect x="${x - 0.5}" y="${y - 0.5}" width="${digitSize + 1}" height="${digitSize + 1}" fill="none" stroke="#bbbbbb"/>`,
      `<text x="${x + digitSize / 2}" y="${y + digitSize + captionHeight - 6}" text-anchor="middle" font-size="15">${escapeXml(item.caption)}</text>`,
    ].join('');
  });
  const placeholder =
    items.length === 0
      ? `<text x="${size.width / 2}" y="${top + gap + digitSize / 2}" text-anchor="middle" font-size="13" fill="#666666">none</text>`
      : '';
  const title = titleLines.map((line, i) => titleLine(line, i, size.width)).join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}"` +
    ` font-family="${FONT_STACK}" fill="#222222"><rect width="100%" height="100%" fill="#ffffff"/>${title}${cells.join('')}${placeholder}</svg>`;
  return svgToPng(svg);
}

/** The pixel size of `renderDigitGrid(count digits, columns)`; an empty grid keeps one row's room. */
export function digitGridSize(
  count: number,
  columns: number,
  options: { readonly digitSide?: number; readonly scale?: number; readonly titleLines?: number } = {},
): { width: number; height: number } {
  const { gap, captionHeight, defaultScale } = DIGIT_GRID_LAYOUT;
  const digitSize = (options.digitSide ?? MNIST_SIDE) * (options.scale ?? defaultScale);
  const usedColumns = gridColumns(count, columns);
  const rows = Math.max(1, Math.ceil(count / usedColumns));
  return {
    width: gap + usedColumns * (digitSize + gap),
    height: titleHeight(options.titleLines ?? 0) + gap + rows * (digitSize + captionHeight + gap),
  };
}

/** Fewer columns than asked when there are fewer digits; an empty grid keeps its width for the title. */
function gridColumns(count: number, columns: number): number {
  return count === 0 ? columns : Math.min(columns, count);
}

function titleHeight(lines: number): number {
  return lines === 0 ? 0 : DIGIT_GRID_LAYOUT.gap + lines * DIGIT_GRID_LAYOUT.titleLineHeight;
}

/** Line `index` of the title, centred in `width`, its font shrunk so that a long line still fits. */
function titleLine(text: string, index: number, width: number): string {
  const { gap, titleLineHeight } = DIGIT_GRID_LAYOUT;
  // DejaVu Sans averages about 0.6 em per character of this kind of text.
  const fontSize = Math.max(8, Math.min(15, Math.floor((width - 2 * gap) / (0.6 * Math.max(text.length, 1)))));
  const weight = index === 0 ? ' font-weight="bold"' : '';
  const baseline = gap + (index + 1) * titleLineHeight - 6;
  return `<text x="${width / 2}" y="${baseline}" text-anchor="middle" font-size="${fontSize}"${weight}>${escapeXml(text)}</text>`;
}

/** matplotlib's "binary" colour map: 0 is white, 255 black. */
function inkOnPaper(pixels: Uint8Array): Buffer {
  return Buffer.from(pixels.map((value) => 255 - value));
}

function imageSide(pixels: Uint8Array): number {
  const side = Math.round(Math.sqrt(pixels.length));
  if (side === 0 || side * side !== pixels.length) throw new RangeError(`a digit must be a non-empty square image; got ${pixels.length} pixels`);
  return side;
}
