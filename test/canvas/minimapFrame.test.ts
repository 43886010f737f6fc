import { describe, expect, it } from 'vitest';
import { minimapFrame, viewOf, type FlowRect, type MinimapFrame } from '../../src/canvas/panels/minimapFrame';

const size = { width: 200, height: 150 };
const at = (frame: MinimapFrame, x: number, y: number) => ({ x: (x - frame.x) * frame.scale, y: (y - frame.y) * frame.scale });

describe('viewOf', () => {
  it('is the part of the map on screen, in the map’s own units', () => {
    // Panned 100 px right and 50 down at zoom 2: the screen's corner shows map point (-50, -25).
    expect(viewOf([100, 50, 2], 800, 600)).toEqual({ x: -50, y: -25, width: 400, height: 300 });
  });
});

describe('minimapFrame', () => {
  it('fits the steps and the view, centred, with the padding on the tighter side', () => {
    const steps: FlowRect = { x: 0, y: 0, width: 800, height: 100 };
    const view: FlowRect = { x: 100, y: -20, width: 400, height: 300 };
    const frame = minimapFrame(steps, view, size, 5);
    // Bounds: x 0..800, y -20..280: 800 wide is the tighter fit (190 / 800 < 140 / 300).
    expect(frame.scale).toBeCloseTo(190 / 800);
    expect(at(frame, 0, 0).x).toBeCloseTo(5);
    expect(at(frame, 800, 0).x).toBeCloseTo(195);
    // Centred vertically: as much room above the bounds as below.
    const top = at(frame, 0, -20).y;
    const bottom = at(frame, 0, 280).y;
    expect(top).toBeCloseTo(150 - bottom);
  });

  it('keeps the view inside the minimap even when it is far from every step', () => {
    const steps: FlowRect = { x: 0, y: 0, width: 200, height: 64 };
    const view: FlowRect = { x: 5000, y: 3000, width: 1000, height: 700 };
    const frame = minimapFrame(steps, view, size);
    for (const [x, y] of [
      [0, 0],
      [6000, 3700],
    ]) {
      const point = at(frame, x, y);
      expect(point.x).toBeGreaterThanOrEqual(0);
      expect(point.x).toBeLessThanOrEqual(size.width);
      expect(point.y).toBeGreaterThanOrEqual(0);
      expect(point.y).toBeLessThanOrEqual(size.height);
    }
  });

  it('frames the view alone when no step is drawn, and stays finite for an unmeasured canvas', () => {
    const frame = minimapFrame(null, { x: 0, y: 0, width: 400, height: 300 }, size, 0);
    expect(frame).toEqual({ scale: 0.5, x: 0, y: 0 });
    const empty = minimapFrame(null, { x: 0, y: 0, width: 0, height: 0 }, size);
    expect(Number.isFinite(empty.scale) && Number.isFinite(empty.x) && Number.isFinite(empty.y)).toBe(true);
  });
});
