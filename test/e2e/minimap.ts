import type { Page } from 'playwright-core';

/** Where one kind's colour shows in the minimap, in the minimap's CSS pixels (null when it does not show). */
export interface KindPixels {
  /** The kind's colour, as the app's CSS defines it (e.g. "#7c3aed"). */
  colour: string;
  count: number;
  centre: { x: number; y: number } | null;
  box: { left: number; top: number; right: number; bottom: number } | null;
}

export interface MinimapPicture {
  kinds: Record<string, KindPixels>;
  /** Pixels in React Flow's own grey for a step (#e2e2e2): a step drawn in no kind's colour. */
  grey: number;
}

export const minimapCanvas = (page: Page) => page.locator('.react-flow__minimap canvas');

/**
 * The minimap's pixels, read back from its canvas: for each step kind, the pixels exactly in that
 * kind's colour (the CSS custom property --<kind>, resolved in the page) and where they are.
 */
export function minimapPicture(page: Page): Promise<MinimapPicture> {
  return minimapCanvas(page).evaluate((canvas: HTMLCanvasElement) => {
    const kinds = ['start', 'end', 'human', 'ai', 'system', 'approval', 'verification', 'handoff'];
    const probe = document.createElement('canvas').getContext('2d');
    const context = canvas.getContext('2d');
    if (!probe || !context) throw new Error('no 2D context');
    // A 2D context reads any CSS colour and gives it back as #rrggbb.
    const rgb = (css: string) => {
      probe.fillStyle = css;
      const hex = String(probe.fillStyle);
      return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    };
    const root = getComputedStyle(document.documentElement);
    const wanted = kinds.map((kind) => ({ kind, colour: root.getPropertyValue(`--${kind}`).trim(), xs: 0, ys: 0, count: 0, left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity }));
    const targets = wanted.map((w) => rgb(w.colour));
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    const ratio = canvas.width / canvas.clientWidth;
    let grey = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (data[i + 3] !== 255) continue;
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (r === 226 && g === 226 && b === 226) grey++;
        const k = targets.findIndex((t) => t[0] === r && t[1] === g && t[2] === b);
        if (k < 0) continue;
        const w = wanted[k];
        w.count++;
        w.xs += x;
        w.ys += y;
        w.left = Math.min(w.left, x);
        w.top = Math.min(w.top, y);
        w.right = Math.max(w.right, x + 1);
        w.bottom = Math.max(w.bottom, y + 1);
      }
    }
    const result: Record<string, { colour: string; count: number; centre: { x: number; y: number } | null; box: { left: number; top: number; right: number; bottom: number } | null }> = {};
    for (const w of wanted) {
      result[w.kind] = {
        colour: w.colour,
        count: w.count,
        centre: w.count ? { x: w.xs / w.count / ratio, y: w.ys / w.count / ratio } : null,
        box: w.count ? { left: w.left / ratio, top: w.top / ratio, right: w.right / ratio, bottom: w.bottom / ratio } : null,
      };
    }
    return { kinds: result, grey };
  });
}
