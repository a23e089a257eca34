/** An RGB colour, each channel 0-255. */
export type Rgb = readonly [number, number, number];

/**
 * matplotlib's viridis (scikit-learn's `ConfusionMatrixDisplay` default), sampled at 9 evenly
 * spaced points; linear interpolation between them is indistinguishable from the full table.
 */
export const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [71, 45, 123],
  [59, 82, 139],
  [44, 114, 142],
  [33, 145, 140],
  [40, 174, 128],
  [94, 201, 98],
  [173, 220, 48],
  [253, 231, 37],
];

/** The colour at `t` in [0, 1] along evenly spaced stops, interpolated in RGB as ECharts does. */
export function colorAt(stops: readonly Rgb[], t: number): Rgb {
  const position = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const lower = Math.min(Math.floor(position), stops.length - 2);
  const fraction = position - lower;
  const [a, b] = [stops[lower], stops[lower + 1]];
  return [0, 1, 2].map((channel) => Math.round(a[channel] + (b[channel] - a[channel]) * fraction)) as unknown as Rgb;
}

export function toHex(color: Rgb): string {
  return `#${color.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function contrastingTextColor(background: Rgb): string {
  const linear = background.map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  // The luminance at which black and white text have the same contrast ratio.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}
