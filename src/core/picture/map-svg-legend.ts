import { HANDOFFS, STEP_KINDS } from '../model';
import { kindBadge } from './map-svg-step';
import { HANDOFF_LOOKS, INK, INK_SOFT, JOIN_COLOUR, KIND_LOOKS, SEVERITY_COLOURS } from './palette';
import { textWidth } from './text-width';
import { num } from './xml';

/**
 * The key under the picture: each kind's badge, each handoff's line, each severity's colour.
 * A slide or a printout has no hover and no inspector; the key is how a reader decodes it.
 */

const ROW = 22;
const FONT = 11;
const SAMPLE = 30;

interface Item {
  width: number;
  /** Draws the item with its left edge at x and its row's middle at y. */
  draw(x: number, y: number): string;
}

const caption = (text: string, bold = false): Item => ({
  width: textWidth(text, FONT, bold),
  draw: (x, y) => `<text x="${num(x)}" y="${num(y + 4)}" font-size="${FONT}"${bold ? ' font-weight="700"' : ''} fill="${bold ? INK : INK_SOFT}">${text}</text>`,
});

const withSample = (sample: (x: number, y: number) => string, sampleWidth: number, text: string): Item => {
  const label = caption(text);
  return { width: sampleWidth + 5 + label.width, draw: (x, y) => sample(x, y) + label.draw(x + sampleWidth + 5, y) };
};

const line = (colour: string, width: number, dash?: string, arrow = false) => (x: number, y: number) => {
  const dashes = dash ? ` stroke-dasharray="${dash}"` : '';
  const head = arrow ? `<path d="M${num(x + SAMPLE)} ${num(y)}l-9 -4.5v9z" fill="${colour}"/>` : '';
  return `<path d="M${num(x)} ${num(y)}h${arrow ? SAMPLE - 7 : SAMPLE}" stroke="${colour}" stroke-width="${width}"${dashes}/>${head}`;
};

/** As the canvas words them: an info finding is a note. */
const SEVERITY_NAMES = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function items(): Item[][] {
  const kinds = STEP_KINDS.map((kind) => withSample((x, y) => kindBadge(kind, x + 8, y), 16, KIND_LOOKS[kind].name));
  const handoffs = HANDOFFS.map((handoff) => {
    const look = HANDOFF_LOOKS[handoff];
    return withSample(line(JOIN_COLOUR, look.width, look.dash, true), SAMPLE, `${capital(look.name)} hand-off`);
  });
  const severities = (['error', 'warning', 'info'] as const).map((severity) => withSample(line(SEVERITY_COLOURS[severity], 4, undefined, true), SAMPLE, SEVERITY_NAMES[severity]));
  return [
    [caption('Steps', true), ...kinds],
    [caption('Joins', true), ...handoffs],
    [caption('Findings', true), ...severities, caption('(a ring around a step, the count in its badge)')],
  ];
}

/** The key laid out in rows no wider than `width`, each group starting on a new row. */
export function drawLegend(x0: number, y0: number, width: number): { svg: string; height: number } {
  const parts: string[] = [];
  let y = y0 + ROW / 2;
  for (const group of items()) {
    let x = x0;
    for (const item of group) {
      if (x > x0 && x + item.width > x0 + width) {
        x = x0 + 12;
        y += ROW;
      }
      parts.push(item.draw(x, y));
      x += item.width + 14;
    }
    y += ROW;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: y - ROW / 2 - y0 };
}
