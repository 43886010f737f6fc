import { describe, expect, it } from 'vitest';
import type { Node } from '@xyflow/react';
import { drawnTheSame } from '../../src/canvas/panels/drawMinimap';

const step = (id: string, x: number, label: string, extra: Partial<Node> = {}): Node => ({
  id,
  position: { x, y: 0 },
  data: { step: { id, kind: 'human', label } },
  measured: { width: 200, height: 80 },
  ...extra,
});

describe('when the minimap is drawn again', () => {
  const before = [step('a', 0, 'Draft'), step('b', 300, 'Review')];

  it('not for a label typed into: its boxes are the same', () => {
    expect(drawnTheSame(before, [before[0], step('b', 300, 'Review it')])).toBe(true);
  });

  it('for a step moved, resized, selected, of another kind, added or removed', () => {
    expect(drawnTheSame(before, [before[0], step('b', 310, 'Review')])).toBe(false);
    expect(drawnTheSame(before, [before[0], step('b', 300, 'Review', { measured: { width: 240, height: 80 } })])).toBe(false);
    expect(drawnTheSame(before, [before[0], step('b', 300, 'Review', { selected: true })])).toBe(false);
    expect(drawnTheSame(before, [before[0], { ...step('b', 300, 'Review'), data: { step: { id: 'b', kind: 'ai', label: 'Review' } } }])).toBe(false);
    expect(drawnTheSame(before, [...before, step('c', 600, 'Send')])).toBe(false);
    expect(drawnTheSame(before, before.slice(1))).toBe(false);
  });
});
