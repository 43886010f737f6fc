import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph, type Report, type RuleContext, rules } from '../../../src/core/analyzer';
import { loadMap } from './fixtures';

/**
 * A rule may hand the impact its fix's steps as graph indices (Report.fixStepsAt) so they are not
 * looked up again; the impact then trusts them instead of the ids. They must name exactly the
 * steps the fix names, in its order, or a finding's impact would be weighed on other steps.
 */
describe('fix steps given as indices', () => {
  const fixtureNames = (rule: string) => readdirSync(new URL(`../../fixtures/analyzer/${rule}`, import.meta.url)).filter((f) => f.endsWith('.json'));
  const maps = ['approval-chain', 'human-join', 'no-accountable-owner', 'verification-exceeds-work', 'work-did-not-move'].flatMap((rule) =>
    fixtureNames(rule).map((name) => `analyzer/${rule}/${name}`),
  );

  it('name the same steps as the fix, in the same order', () => {
    let checked = 0;
    for (const name of [...maps, 'contract-review.json', 'marketing-content.json']) {
      const map = loadMap(name);
      const graph = buildGraph(map);
      const context: RuleContext = {
        map,
        graph,
        stepById: new Map(map.steps.map((s) => [s.id, s])),
        joinById: new Map(map.joins.map((j) => [j.id, j])),
      };
      for (const rule of rules) {
        const reports: Report[] = [];
        rule.check(context, (report) => reports.push(report), rule.meta.defaultOptions as never);
        for (const { fix, fixStepsAt } of reports) {
          if (!fixStepsAt) continue;
          expect(fixStepsAt.map((s) => graph.steps[s].id), `${name}, ${rule.meta.id}`).toEqual(fix?.steps.map((s) => s.id));
          checked += 1;
        }
      }
    }
    // Approval chains give them: the check above is not empty.
    expect(checked).toBeGreaterThan(0);
  });
});
