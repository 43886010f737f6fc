import { Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { addNextSide } from '../../src/canvas/nodes/addNextSide';

describe('the side of a step for its add-next bar', () => {
  const step = { x: 0, y: 0, width: 200, height: 80 };
  const right = { x: 200, y: 0, width: 200, height: 80 };
  const below = { x: 0, y: 120, width: 200, height: 80 };
  const above = { x: 0, y: -120, width: 200, height: 80 };
  const left = { x: -200, y: 0, width: 200, height: 80 };

  it('is the right, where the next step goes, when nothing stands there', () => {
    expect(addNextSide(step, [], 1)).toBe(Position.Right);
    expect(addNextSide(step, [left, { x: 1000, y: 0, width: 200, height: 80 }], 1)).toBe(Position.Right);
  });

  it('is the first free one of below, above and left when a step stands right beside it', () => {
    expect(addNextSide(step, [right], 1)).toBe(Position.Bottom);
    expect(addNextSide(step, [right, below], 1)).toBe(Position.Top);
    expect(addNextSide(step, [right, below, above], 1)).toBe(Position.Left);
  });

  it('is the one that covers least when none is free', () => {
    const farRight = { x: 400, y: -60, width: 30, height: 30 }; // a small corner of the right side's reach
    expect(addNextSide(step, [{ ...farRight, x: 220 }, below, above, left], 1)).toBe(Position.Right);
  });

  it('reaches further in flow units when zoomed out, the bar keeping its size on screen', () => {
    const twoHundredAway = { x: 420, y: 0, width: 200, height: 80 };
    expect(addNextSide(step, [twoHundredAway], 1)).toBe(Position.Right);
    expect(addNextSide(step, [twoHundredAway], 0.05)).toBe(Position.Bottom);
  });
});
