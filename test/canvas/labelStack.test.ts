import { describe, expect, it } from 'vitest';
import { stackLabels } from '../../src/canvas/presence/labelStack';

describe('name labels beside cursors', () => {
  it('stay beside their cursors when apart, and stack one under another when their cursors meet', () => {
    const apart = stackLabels([
      { clientId: 1, name: 'Ana', x: 0, y: 0 },
      { clientId: 2, name: 'Ben', x: 400, y: 0 },
    ]);
    expect([...apart.values()]).toEqual([0, 0]);

    const together = stackLabels([
      { clientId: 1, name: 'Ana Silva', x: 100, y: 100 },
      { clientId: 2, name: 'Ben Okafor', x: 104, y: 103 },
      { clientId: 3, name: 'Dana Whitfield-Moreno', x: 98, y: 106 },
    ]);
    const tops = [1, 2, 3].map((id) => (together.get(id) ?? 0) + [100, 103, 106][id - 1]);
    const sorted = [...tops].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(17);
  });
});
