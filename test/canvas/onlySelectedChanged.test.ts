import { describe, expect, it } from 'vitest';
import type { Node } from '@xyflow/react';
import { onlySelectedChanged } from '../../src/canvas/onlySelectedChanged';

const step = (id: string, x: number, selected = false): Node => ({ id, position: { x, y: 0 }, data: {}, selected });

describe('which changes leave the steps drawn from afar as they are', () => {
  const before = [step('a', 0), step('b', 100, true), step('c', 200)];

  it('a selected step moved or renamed: the rest stays', () => {
    expect(onlySelectedChanged(before, before)).toBe(true);
    expect(onlySelectedChanged(before, [before[0], step('b', 150, true), before[2]])).toBe(true);
  });

  it('a step not selected changed, a step selected or let go, or steps added or removed: everything is looked at again', () => {
    expect(onlySelectedChanged(before, [step('a', 50), before[1], before[2]])).toBe(false);
    expect(onlySelectedChanged(before, [step('a', 0, true), before[1], before[2]])).toBe(false);
    expect(onlySelectedChanged(before, [before[0], step('b', 100), before[2]])).toBe(false);
    expect(onlySelectedChanged(before, before.slice(0, 2))).toBe(false);
    expect(onlySelectedChanged(before, [before[0], step('d', 100, true), before[2]])).toBe(false);
  });
});
