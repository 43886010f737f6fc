import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { type Box, type Point, sampleRoute } from '../../../src/core/layout/join-route';
import type { Join, StallMap, Step } from '../../../src/core/model';
import type { Room } from '../../../src/core/picture/fold-rows';
import { mapToSvg } from '../../../src/core/picture/map-svg';
import { foldIntoRows } from '../../../src/core/picture/map-svg-fold';
import type { JoinLayout } from '../../../src/core/picture/map-svg-join';
import { templates } from '../../../src/core/templates';

/**
 * A long map printed in the plan is folded into rows so that a board can read it: drawn larger
 * in its room on paper, no step moved over another, every join still from its source's right
 * side to its target's left side, and no join between rows run under a step.
 */

/** An A4 or Letter page's column under the appendix's heading, and the room on the first page, in CSS px. */
const PAGE: Room = { width: 680, height: 850 };
const FIRST_PAGE: Room = { width: 680, height: 227 };

const invoice = templates.find((t) => t.name === 'invoice-processing')?.map as StallMap;
const contract = templates.find((t) => t.name === 'contract-review')?.map as StallMap;

/** How large the picture is drawn in the room: the page shrinks it to fit, never enlarges it. */
function scaleIn(svg: string, room: Room): number {
  const [, width, height] = svg.match(/<svg [^>]*width="(\d+)" height="(\d+)"/) ?? [];
  return Math.min(room.width / Number(width), room.height / Number(height), 1);
}

const picture = (map: StallMap, fitInto?: Room) => mapToSvg(map, { findings: analyze(map).findings, fitInto });

describe('a long map in the printed plan', () => {
  it('is folded into rows and drawn four times larger on a page: the invoice template’s labels readable', () => {
    const flat = scaleIn(picture(invoice), PAGE);
    const folded = scaleIn(picture(invoice, PAGE), PAGE);
    expect(flat).toBeLessThan(0.25);
    // Step labels are 13 px: at 0.6 they print at about 6 pt, at 0.19 at 2 pt.
    expect(folded).toBeGreaterThan(0.6);
    expect(folded / flat).toBeGreaterThan(3);
  });

  it('is folded on the first page too, where the room is wide and low', () => {
    expect(scaleIn(picture(invoice, FIRST_PAGE), FIRST_PAGE)).toBeGreaterThan(1.5 * scaleIn(picture(invoice), FIRST_PAGE));
  });

  it('keeps every step, join and label of the map', () => {
    const svg = picture(invoice, PAGE);
    for (const step of invoice.steps) expect(svg).toContain(`step: ${step.label}`);
    expect(svg.match(/<g class="step /g)).toHaveLength(invoice.steps.length);
    expect(svg.match(/<g class="join[ "]/g)).toHaveLength(invoice.joins.length);
    expect(svg.match(/<g class="join-label[ "]/g)).toHaveLength(invoice.joins.length);
  });

  it('leaves a map that already fits its room as the team drew it', () => {
    const short = { ...contract, steps: contract.steps.slice(0, 3), joins: contract.joins.filter((j) => contract.steps.slice(0, 3).some((s) => s.id === j.to)) };
    expect(picture(short, PAGE)).toBe(picture(short));
    expect(picture(contract, FIRST_PAGE)).toBe(picture(contract));
    const empty = { ...contract, steps: [], joins: [] };
    expect(picture(empty, PAGE)).toBe(picture(empty));
  });
});

const WIDTH = 180;

/** Steps left to right along a line (a layered layout's columns), some columns with a second step below, and joins forward, skipping and back. */
const layouts = fc
  .record({
    columns: fc.array(fc.record({ gap: fc.integer({ min: 40, max: 200 }), y: fc.integer({ min: 0, max: 120 }), twin: fc.boolean() }), { minLength: 2, maxLength: 40 }),
    extra: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
  })
  .map(({ columns, extra }) => {
    const steps: Step[] = [];
    let x = 0;
    columns.forEach((column, i) => {
      steps.push({ id: `s${i}`, kind: 'human', label: `Step ${i}`, position: { x, y: column.y } });
      if (column.twin) steps.push({ id: `t${i}`, kind: 'system', label: `Twin ${i}`, position: { x, y: column.y + 180 } });
      x += WIDTH + column.gap;
    });
    const joins: Join[] = columns.slice(1).map((_, i) => ({ id: `j${i}`, from: `s${i}`, to: `s${i + 1}`, handoff: 'manual' }));
    extra.forEach(([a, b], k) => {
      const [from, to] = [steps[a % steps.length].id, steps[b % steps.length].id];
      if (from !== to) joins.push({ id: `x${k}`, from, to, handoff: 'system', ...(a % steps.length > b % steps.length ? { rework: true, share: 0.1 } : {}) });
    });
    return { format: 'stallmap/map', version: 2, id: 'line', title: 'A line', steps, joins, waivers: [], comments: [] } as StallMap;
  });

/** The fold as mapToSvg makes it, with steps of one size. */
function fold(map: StallMap) {
  const boxes = map.steps.map((s) => ({ x: s.position?.x ?? 0, y: s.position?.y ?? 0, width: WIDTH, height: 80 }));
  const measure = (join: Join, from: Box, to: Box, _obstacles: readonly Box[], route?: (start: Point, tip: Point) => JoinLayout['route']) => {
    const start = { x: from.x + from.width, y: from.y + from.height / 2 };
    const tip = { x: to.x, y: to.y + to.height / 2 };
    return { join, route: route ? route(start, tip) : { kind: 'curve' as const, from: start, c1: start, c2: tip, to: tip }, tip, arrowSize: 10, labelSize: { width: 80, height: 20 } } as JoinLayout;
  };
  const outer = (drawing: { width: number; height: number }) => ({ width: drawing.width + 64, height: drawing.height + 200 });
  return { boxes, folded: foldIntoRows(boxes, map.steps.map((s) => s.id), map.joins, measure, PAGE, outer), outer };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (p: Point, b: Box) => p.x > b.x + 1 && p.x < b.x + b.width - 1 && p.y > b.y + 1 && p.y < b.y + b.height - 1;

describe('folding any long line', () => {
  it('moves no step over another, and runs every join between rows from its source to its target under no step', () => {
    fc.assert(
      fc.property(layouts, (map) => {
        const { folded } = fold(map);
        if (!folded) return;
        const { boxes, joins } = folded;
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
        const index = new Map(map.steps.map((s, i) => [s.id, i]));
        for (const layout of joins) {
          const [from, to] = [boxes[index.get(layout.join.from) as number], boxes[index.get(layout.join.to) as number]];
          const line = sampleRoute(layout.route, 64);
          expect(line[0]).toEqual({ x: from.x + from.width, y: from.y + from.height / 2 });
          expect(line[line.length - 1]).toEqual({ x: to.x, y: to.y + to.height / 2 });
          // Joins within a row are curves here (measure above); the lanes are the joins between rows.
          if (layout.route.kind === 'lane') for (const p of line) expect(boxes.some((b) => inside(p, b))).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('folds only when the rows are drawn larger in the room than the line was', () => {
    fc.assert(
      fc.property(layouts, (map) => {
        const { boxes, folded, outer } = fold(map);
        if (!folded) return;
        const size = (b: readonly Box[]) => {
          const [left, right] = [Math.min(...b.map((x) => x.x)), Math.max(...b.map((x) => x.x + x.width))];
          const [top, bottom] = [Math.min(...b.map((x) => x.y)), Math.max(...b.map((x) => x.y + x.height))];
          const whole = outer({ width: right - left, height: bottom - top });
          return Math.min(PAGE.width / whole.width, PAGE.height / whole.height, 1);
        };
        expect(size(folded.boxes)).toBeGreaterThan(size(boxes));
      }),
      { numRuns: 150 },
    );
  });
});
