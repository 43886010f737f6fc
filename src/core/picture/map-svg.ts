import type { Finding } from '../analyzer/types';
import type { Position, StallMap } from '../model';
import { boundsOf } from '../layout/bounds';
import { sampleRoute } from '../layout/join-route';
import type { Room, Size } from './fold-rows';
import { grow, type LabelPlace } from './label-place';
import { foldIntoRows } from './map-svg-fold';
import { drawJoinLabel, drawJoinLine, measureJoin, placeLabels } from './map-svg-join';
import { drawLegend } from './map-svg-legend';
import { drawStep, measureStep } from './map-svg-step';
import { plural } from '../plural';
import { marksOf, SEVERITY_WORDS } from './marks';
import { INK, INK_SOFT, PAPER } from './palette';
import { fitText } from './text-width';
import { escapeXml, num, plainText } from './xml';

/**
 * The map as a picture any tool can show: plain SVG shapes, paths and text (no foreignObject, no
 * HTML, no CSS, no markers, no fonts to fetch), so slide decks, design tools, librsvg and print
 * render it alike. A title and counts on top, the joins, the steps, the join labels placed clear
 * of the steps, and a key below. Pure string work: the same code runs in the page, the server and
 * tests. The caller embeds the map (svg-text.ts, addSvgMap), and chooses what is drawn: the
 * current state, or the redesign passed as a map of its own steps and joins.
 */

export interface MapSvgOptions {
  /** The analyzer's findings for what is drawn: flagged steps and joins take their severity's colour. */
  findings?: readonly Finding[];
  /** Where each step's top-left corner is, when not the step's own `position` (a drag in progress). */
  positions?: Readonly<Record<string, Position>>;
  /** The heading; the map's title when not given. */
  title?: string;
  /**
   * The room the picture is shown in, in CSS pixels (a printed page's column): a map much wider
   * than that room is folded into rows (fold-rows.ts) so that it is drawn larger there.
   */
  fitInto?: Room;
}

const PAD = 32;
const HEADER = 52;
const GAP = 20;
const MIN_WIDTH = 560;
const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', Arimo, sans-serif";

/** Where the canvas puts a step that has no position yet (src/canvas/useFlowElements.ts). */
const gridPosition = (i: number): Position => ({ x: (i % 8) * 240, y: Math.floor(i / 8) * 160 });

export function mapToSvg(map: Pick<StallMap, 'title' | 'steps' | 'joins'>, options: MapSvgOptions = {}): string {
  const findings = options.findings ?? [];
  const marks = marksOf(findings);

  const steps = map.steps.map((step, i) => {
    const layout = measureStep(step);
    const at = options.positions?.[step.id] ?? step.position ?? gridPosition(i);
    return { layout, box: { x: at.x, y: at.y, width: layout.width, height: layout.height } };
  });
  const labelOf = new Map(steps.map((s) => [s.layout.step.id, s.layout.label]));
  const measure: Parameters<typeof foldIntoRows>[3] = (join, from, to, obstacles, route) =>
    measureJoin(join, from, to, obstacles, { from: labelOf.get(join.from) ?? join.from, to: labelOf.get(join.to) ?? join.to }, marks.get(join.id), route);

  const ids = steps.map((s) => s.layout.step.id);
  const drawnAt = steps.map((s) => s.box);
  const folded = options.fitInto ? foldIntoRows(drawnAt, ids, map.joins, measure, options.fitInto, pictureSize) : null;
  const stepBoxes = folded?.boxes ?? drawnAt;
  const boxOf = new Map(ids.map((id, i) => [id, stepBoxes[i]]));
  const joins =
    folded?.joins ??
    map.joins.flatMap((join) => {
      const from = boxOf.get(join.from);
      const to = boxOf.get(join.to);
      return from && to ? [measure(join, from, to, stepBoxes)] : [];
    });
  const labels = placeLabels(joins, stepBoxes);

  const bounds = boundsOf([
    ...stepBoxes.map((box) => grow(box, 8)),
    ...[...labels.values()].map((place) => place.box),
    ...joins.flatMap((j) => sampleRoute(j.route, 16).map((p) => grow({ x: p.x, y: p.y, width: 0, height: 0 }, j.arrowSize / 2 + 2))),
  ]);
  const width = innerWidth(bounds);
  const top = PAD + HEADER + GAP;
  const legend = drawLegend(PAD, top + bounds.height + GAP, width);
  const { width: totalWidth, height: totalHeight } = pictureSize(bounds);

  const title = plainText(options.title ?? map.title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" viewBox="0 0 ${totalWidth} ${totalHeight}" font-family="${FONT_FAMILY}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${totalWidth}" height="${totalHeight}" fill="${PAPER}"/>`,
    `<text x="${PAD}" y="${PAD + 20}" font-size="20" font-weight="700" fill="${INK}">${escapeXml(fitText(title, width, { size: 20, bold: true }))}</text>`,
    `<text x="${PAD}" y="${PAD + 42}" font-size="12" fill="${INK_SOFT}">${escapeXml(counts(map, findings))}</text>`,
    `<g transform="translate(${num(PAD - bounds.x)} ${num(top - bounds.y)})">`,
    ...joins.map(drawJoinLine),
    ...steps.map((s, i) => drawStep(s.layout, stepBoxes[i], marks.get(s.layout.step.id))),
    ...joins.map((j) => drawJoinLabel(j, labels.get(j) as LabelPlace)),
    '</g>',
    legend.svg,
    '</svg>\n',
  ].join('\n');
}

const innerWidth = (drawing: Size) => Math.ceil(Math.max(drawing.width, MIN_WIDTH));

/** The whole picture around a drawing of this size: the title and counts above, the key below, the margins. */
function pictureSize(drawing: Size): Size {
  const width = innerWidth(drawing);
  return { width: width + 2 * PAD, height: Math.ceil(PAD + HEADER + GAP + drawing.height + GAP + drawLegend(0, 0, width).height + PAD) };
}

/** "8 steps · 9 joins · 5 open findings: 2 errors, 3 warnings · 1 waived", under the title. */
function counts(map: Pick<StallMap, 'steps' | 'joins'>, findings: readonly Finding[]): string {
  const open = findings.filter((f) => !f.waived);
  const bySeverity = (['error', 'warning', 'info'] as const)
    .map((severity) => [severity, open.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => plural(n, SEVERITY_WORDS[severity]));
  const waived = findings.length - open.length;
  return [
    plural(map.steps.length, 'step'),
    plural(map.joins.length, 'join'),
    open.length ? `${plural(open.length, 'open finding')}: ${bySeverity.join(', ')}` : 'no open findings',
    waived ? `${waived} waived` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
