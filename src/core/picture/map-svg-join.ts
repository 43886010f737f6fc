import { arrowSizeFor, type Box, type JoinRoute, joinPaths, nearJoin, type Point, routeJoin, sampleRoute } from '../layout/join-route';
import { formatDuration, type Join } from '../model';
import { type LabelPlace, placeJoinLabel } from './label-place';
import { findingsPhrase, type Mark, openSeverity } from './marks';
import { FLAGGED_JOIN_WIDTH, HANDOFF_LOOKS, INK, JOIN_COLOUR, LINE, PAPER, SEVERITY_COLOURS } from './palette';
import { fitText, textWidth } from './text-width';
import { escapeXml, num, plainText } from './xml';

/**
 * One join as the canvas draws it (src/canvas/edges/JoinEdge.tsx, routed by join-route.ts): the
 * handoff by line style (system solid, manual dashed, meeting dotted), its label with the
 * handoff's icon and the wait. A flagged join is drawn in its severity's colour, thicker, with a
 * larger arrowhead of the same colour, and its label opens with the severity's "!" and a border
 * in that colour, so the worst joins read from the back of a room and in greyscale print.
 */

const LABEL_SIZE = 11;
const LABEL_HEIGHT = 20;
const LABEL_PAD = 8;
const LABEL_MAX = 200;
const ICON = 12;
const SPACE = 4;

/** The canvas's handoff icons (src/canvas/icons.tsx), 16-unit paths: a bolt, an envelope, a calendar. */
const HANDOFF_ICONS: Readonly<Record<Join['handoff'], { d: string; filled: boolean }>> = {
  system: { d: 'M9 1.5L3.5 9H8l-1 5.5L12.5 7H8z', filled: true },
  manual: { d: 'M2 4h12v8.5H2zM2 4l6 5 6-5', filled: false },
  meeting: { d: 'M2.5 3.5h11v10h-11zM2.5 6.5h11M5.5 2v3M10.5 2v3', filled: false },
};

export interface JoinLayout {
  join: Join;
  route: JoinRoute;
  /** Where the arrow's tip touches the target step. */
  tip: { x: number; y: number };
  arrowSize: number;
  colour: string;
  strokeWidth: number;
  text: string;
  wait: string;
  /** "!" or "!2" when flagged, as the canvas's label starts. */
  flag: string;
  labelSize: { width: number; height: number };
  title: string;
  mark?: Mark;
}

/**
 * From the source's right side to the target's left side, around steps in the way, as the canvas
 * routes it; or along `route` when given (a join between the rows of a folded picture).
 */
export function measureJoin(
  join: Join,
  from: Box,
  to: Box,
  steps: readonly Box[],
  names: { from: string; to: string },
  mark: Mark | undefined,
  route?: (start: Point, tip: Point) => JoinRoute,
): JoinLayout {
  const severity = openSeverity(mark);
  const look = HANDOFF_LOOKS[join.handoff];
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const tip = { x: to.x, y: to.y + to.height / 2 };
  const wait = join.waitMinutes ? formatDuration(join.waitMinutes) : '';
  const full = plainText(join.label ?? look.name);
  const flag = severity && mark ? `!${mark.open > 1 ? mark.open : ''}` : '';
  const flagWidth = flag ? textWidth(flag, 11, true) + 10 + SPACE : 0;
  const fixed = 2 * LABEL_PAD + flagWidth + ICON + SPACE + (wait ? SPACE + textWidth(wait, LABEL_SIZE, true) : 0);
  // A flagged join's label is semibold, as on the canvas.
  const font = { size: LABEL_SIZE, bold: Boolean(severity) };
  const text = fitText(full, LABEL_MAX - fixed, font);
  const width = Math.ceil(fixed + textWidth(text, font.size, font.bold));
  const routed = route ? route(start, tip) : routeJoin(start, tip, nearJoin(start, tip, steps, width));
  const title = [`Join from ${names.from} to ${names.to}: ${full}`, `${look.name} hand-off`, wait ? `waits ${wait}` : '', findingsPhrase(mark)].filter(Boolean).join('. ');
  return {
    join,
    route: routed,
    tip,
    arrowSize: arrowSizeFor(!!severity),
    colour: severity ? SEVERITY_COLOURS[severity] : JOIN_COLOUR,
    strokeWidth: severity ? FLAGGED_JOIN_WIDTH : look.width,
    text,
    wait,
    flag,
    labelSize: { width, height: LABEL_HEIGHT },
    title,
    mark,
  };
}

/** Labels of the worst joins first, so they get the best places; only what is near a join is checked, so a large map stays fast. */
export function placeLabels(joins: readonly JoinLayout[], steps: readonly Box[]): Map<JoinLayout, LabelPlace> {
  const rank = (j: JoinLayout) => (j.mark ? { error: 0, warning: 1, info: 2, waived: 3 }[j.mark.severity] : 4);
  const placed: Box[] = [];
  const out = new Map<JoinLayout, LabelPlace>();
  for (const join of [...joins].sort((a, b) => rank(a) - rank(b))) {
    const reach = grow(boundsOfPoints(sampleRoute(join.route, 8)), join.labelSize.width + 12 * join.labelSize.height);
    const near = (box: Box) => box.x < reach.x + reach.width && box.x + box.width > reach.x && box.y < reach.y + reach.height && box.y + box.height > reach.y;
    const place = placeJoinLabel(join.route, join.labelSize, steps.filter(near), placed.filter(near));
    placed.push(place.box);
    out.set(join, place);
  }
  return out;
}

const classes = (layout: JoinLayout, base: string) => [base, layout.mark ? `finding-${layout.mark.severity}` : ''].filter(Boolean).join(' ');

export function drawJoinLine(layout: JoinLayout): string {
  const { colour, strokeWidth, arrowSize } = layout;
  const look = HANDOFF_LOOKS[layout.join.handoff];
  const dashes = look.dash ? ` stroke-dasharray="${look.dash}"${layout.join.handoff === 'meeting' ? ' stroke-linecap="round"' : ''}` : '';
  const { line: d, arrow: head } = joinPaths(layout.route, layout.tip, arrowSize);
  // The join's <title> is on its label (what a reader points at), not repeated here.
  return `<g class="${classes(layout, 'join')}"><path d="${d}" fill="none" stroke="${colour}" stroke-width="${strokeWidth}"${dashes}/><path d="${head}" fill="${colour}"/></g>`;
}

export function drawJoinLabel(layout: JoinLayout, { box, anchor, detached }: LabelPlace): string {
  const severity = openSeverity(layout.mark);
  const border = severity ? `stroke="${SEVERITY_COLOURS[severity]}" stroke-width="2"` : `stroke="${LINE}" stroke-width="1"`;
  const mid = box.y + box.height / 2;
  let x = box.x + LABEL_PAD;
  const parts = [`<g class="${classes(layout, 'join-label')}"><title>${escapeXml(layout.title)}</title>`];
  if (detached) parts.push(leader(anchor, box, layout.colour));
  parts.push(`<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${box.height}" rx="${box.height / 2}" fill="${PAPER}" ${border}/>`);
  if (severity) {
    const width = textWidth(layout.flag, 11, true) + 10;
    parts.push(
      `<rect x="${num(x)}" y="${num(mid - 8)}" width="${num(width)}" height="16" rx="8" fill="${SEVERITY_COLOURS[severity]}"/>`,
      `<text x="${num(x + width / 2)}" y="${num(mid + 4)}" font-size="11" font-weight="800" fill="#fff" text-anchor="middle">${layout.flag}</text>`,
    );
    x += width + SPACE;
  }
  const icon = HANDOFF_ICONS[layout.join.handoff];
  const paint = icon.filled ? `fill="${INK}"` : `fill="none" stroke="${INK}" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"`;
  parts.push(`<path transform="translate(${num(x)} ${num(mid - ICON / 2)}) scale(.75)" d="${icon.d}" ${paint}/>`);
  x += ICON + SPACE;
  // A gap by dx, not a space: some renderers (librsvg) drop a space at the start of a tspan.
  const wait = layout.wait ? `<tspan dx="${SPACE}" font-weight="700">${escapeXml(layout.wait)}</tspan>` : '';
  parts.push(`<text x="${num(x)}" y="${num(mid + 4)}" font-size="${LABEL_SIZE}"${severity ? ' font-weight="600"' : ''} fill="${INK}">${escapeXml(layout.text)}${wait}</text></g>`);
  return parts.join('');
}

/** A label moved off its line (no room between the steps) points at it: a dot on the line, a dashed line to the label. */
function leader(anchor: { x: number; y: number }, box: Box, colour: string): string {
  const edge = box.y > anchor.y ? box.y : box.y + box.height;
  return `<circle cx="${num(anchor.x)}" cy="${num(anchor.y)}" r="3" fill="${colour}"/><path d="M${num(anchor.x)} ${num(anchor.y)}V${num(edge)}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="3 2"/>`;
}

function boundsOfPoints(points: readonly { x: number; y: number }[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

const grow = (box: Box, by: number): Box => ({ x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by });
