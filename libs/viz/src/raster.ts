import { renderAsync } from '@resvg/resvg-js';

/** The font of every picture: rasterised with it, and named first in the SVGs. */
export const FONT_FAMILY = 'DejaVu Sans';

/** What an SVG asks for: DejaVu Sans, else a similar wide sans-serif (a browser may not have DejaVu). */
export const FONT_STACK = `${FONT_FAMILY}, Verdana, sans-serif`;

/**
 * Fonts come from the `dejavu-fonts-ttf` package, never from the system: a PNG must look the
 * same on a laptop, in CI and in a slim container that has no fonts installed.
 */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));

/** Rasterises an SVG document at its own size, on libuv's thread pool rather than the event loop. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    background: 'white',
  });
  return image.asPng();
}

/** Escapes text for an SVG text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
