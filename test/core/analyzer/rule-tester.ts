import { describe, expect, it } from 'vitest';
import { analyze, type FindingSeverity, type RuleId } from '../../../src/core/analyzer';
import { loadMap } from './fixtures';

/** One expected finding of the rule under test, in output order. */
export interface Expected {
  severity: FindingSeverity;
  /** The flagged step or join (the first target). */
  target: string;
  message: string;
  /** All targets, when the case wants to pin them. */
  targets?: string[];
  evidence?: Record<string, unknown>;
}

/**
 * bpmnlint's RuleTester: every valid fixture yields no finding of the rule, every invalid one
 * exactly the listed findings. Fixtures live in test/fixtures/analyzer/<rule id>/<name>.json.
 */
export function verifyRule(
  rule: RuleId,
  cases: { valid: string[]; invalid: { name: string; findings: Expected[] }[] },
) {
  const findingsOf = (name: string) => analyze(loadMap(`analyzer/${rule}/${name}.json`)).findings.filter((f) => f.rule === rule);
  describe(rule, () => {
    describe('valid', () => {
      it.each(cases.valid)('%s: no finding', (name) => {
        expect(findingsOf(name)).toEqual([]);
      });
    });
    describe('invalid', () => {
      it.each(cases.invalid)('$name', ({ name, findings: expected }) => {
        const actual = findingsOf(name);
        expect(actual.map((f) => ({ severity: f.severity, target: f.targets[0], message: f.message }))).toEqual(
          expected.map(({ severity, target, message }) => ({ severity, target, message })),
        );
        expected.forEach((e, i) => {
          if (e.targets) expect(actual[i].targets).toEqual(e.targets);
          if (e.evidence) expect(actual[i].evidence).toMatchObject(e.evidence);
        });
      });
    });
  });
}
