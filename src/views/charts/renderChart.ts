import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** Twice the spec's size: sharp on phones and high-density screens, still well under a megabyte. */
const PIXEL_RATIO = 2;

/**
 * A Vega-Lite spec drawn as a PNG on the server: compiled to Vega, laid out headless (no canvas, no
 * browser, nothing fetched: the data is inline), written as SVG, rasterised by resvg with the
 * system's fonts.
 */
export async function renderChartPng(spec: TopLevelSpec): Promise<Buffer> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
      fitTo: { mode: 'zoom', value: PIXEL_RATIO },
    })
      .render()
      .asPng();
    return Buffer.from(png);
  } finally {
    view.finalize();
  }
}
