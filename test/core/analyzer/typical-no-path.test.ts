import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { buildMap } from './build';

/**
 * A map whose joins carry shares (a choice) but whose end was deleted: no item gets through, so
 * there is no way most items go either. Its typical lead time is none, as its lead time is, never
 * a 0 read as a fact ("typical 0m" on the summary line beside a lead time of none).
 */
describe('the typical lead time of a state with no path from a start to an end', () => {
  const steps = [
    { id: 'in', kind: 'start' as const },
    { id: 'appr', kind: 'approval' as const, owner: 'Finance', workMinutes: 5, waitMinutes: 1440 },
    { id: 'pay', kind: 'human' as const, owner: 'AP', workMinutes: 10 },
    { id: 'query', kind: 'human' as const, owner: 'AP', workMinutes: 20, waitMinutes: 2880 },
  ];
  const joins: [string, string, { share: number }?][] = [
    ['in', 'appr'],
    ['appr', 'pay', { share: 0.8 }],
    ['appr', 'query', { share: 0.2 }],
  ];

  it('is absent, as the path is', () => {
    const { metrics } = analyze(buildMap(steps, joins));
    expect(metrics.criticalPath).toEqual([]);
    expect(metrics.typicalLeadTimeMinutes).toBeUndefined();
  });

  it('is there again once the end is drawn', () => {
    const { metrics } = analyze(buildMap([...steps, { id: 'out', kind: 'end' }], [...joins, ['pay', 'out'], ['query', 'out']]));
    expect(metrics.typicalLeadTimeMinutes).toBe(1440 + 5 + 10);
  });
});
