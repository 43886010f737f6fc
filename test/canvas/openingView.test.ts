import { readFileSync } from 'node:fs';
import { getViewportForBounds } from '@xyflow/system';
import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, STEP_LABEL_PX, WORKSHOP_STEPS, openingFloor, openingViewport, type PlacedStep } from '../../src/canvas/openingView';

/** A laptop's canvas (1280 × 800, less the palette, side panel and toolbar). */
const SCREEN = { width: 810, height: 650 };
const box = (x: number, y: number, start = false): PlacedStep => ({ x, y, width: 200, height: 80, start });
/** A line of `count` steps `gap` apart, the first a Start. */
const line = (count: number, gap = 400) => Array.from({ length: count }, (_, i) => box(i * gap, 0, i === 0));
const workshop = (steps: readonly PlacedStep[]) => openingViewport(steps, SCREEN, { minZoom: 0.05, floor: openingFloor(steps.length) });
/** Where a map point lands on the screen. */
const onScreen = (view: { x: number; y: number; zoom: number }, x: number, y: number) => ({ x: x * view.zoom + view.x, y: y * view.zoom + view.y });

describe('openingViewport', () => {
  it('fits a map whose whole reads at the fitted zoom, as "Fit view" would', () => {
    const steps = line(3, 260);
    expect(workshop(steps)).toEqual(getViewportForBounds({ x: 0, y: 0, width: 720, height: 80 }, SCREEN.width, SCREEN.height, 0.05, 1, 0.1));
  });

  it('opens a long line of a workshop at the zoom its labels read, its Start at the left edge and its height centred', () => {
    // The invoice template's shape: nine steps over about 3,400 px.
    const view = workshop(line(9));
    expect(view.zoom).toBeCloseTo(READABLE_ZOOM);
    expect(STEP_LABEL_PX * view.zoom).toBeGreaterThanOrEqual(10);
    const start = onScreen(view, 0, 0);
    expect(start.x).toBeCloseTo(40);
    // The line's 80 units of height in the middle of the screen.
    expect(start.y + (80 * view.zoom) / 2).toBeCloseTo(SCREEN.height / 2);
  });

  it('shows a tall map’s top, and its Start when that is lower down', () => {
    const column = Array.from({ length: 12 }, (_, i) => box(0, i * 200, i === 0));
    expect(onScreen(workshop(column), 0, 0).y).toBeCloseTo(40);
    // A Start in the middle of a tall map: the view moves down only as far as it needs to show it whole.
    const middle = column.map((step, i) => ({ ...step, start: i === 6 }));
    const view = workshop(middle);
    const start = onScreen(view, 0, 6 * 200);
    expect(start.y + 80 * view.zoom).toBeCloseTo(SCREEN.height - 40);
    expect(onScreen(view, 0, 0).y).toBeLessThan(0);
  });

  it('begins at the map’s top left when it has no Start step', () => {
    const steps = line(9).map((step) => ({ ...step, start: false }));
    const view = workshop(steps);
    expect(onScreen(view, 0, 0).x).toBeCloseTo(40);
  });

  it('opens a map larger than a workshop’s at the whole of it, however far out', () => {
    const steps = line(WORKSHOP_STEPS + 1);
    expect(openingFloor(steps.length)).toBeNull();
    const bounds = { x: 0, y: 0, width: WORKSHOP_STEPS * 400 + 200, height: 80 };
    expect(workshop(steps)).toEqual(getViewportForBounds(bounds, SCREEN.width, SCREEN.height, 0.05, 1, 0.1));
  });

  it('opens at any least zoom it is given, from the beginning', () => {
    const view = openingViewport(line(600, 240), SCREEN, { minZoom: 0.25, floor: 0.25 });
    expect(view.zoom).toBe(0.25);
    expect(onScreen(view, 0, 0).x).toBeCloseTo(40);
  });

  it('leaves the view as it is for a map of no steps', () => {
    expect(workshop([])).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});

describe('READABLE_ZOOM', () => {
  it('is worked out from the label’s size as the page draws it', () => {
    const css = readFileSync(new URL('../../src/app/styles/canvas.css', import.meta.url), 'utf8');
    const rule = /\.step-label \{[^}]*font-size: (\d+)px/.exec(css);
    expect(Number(rule?.[1])).toBe(STEP_LABEL_PX);
  });
});
