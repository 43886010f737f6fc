import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, RULE_IDS, ruleMeta } from '../../src/core/analyzer';
import { describeErrors, parseMapJson } from '../../src/core/model';
import { pageExamples } from './rule-pages';

/**
 * One page per rule (docs/rules/<rule-id>.md), as ESLint and bpmnlint keep them, and the pages
 * stay true: the rule's own words (why, fix, fix model, default options) appear on its page, and
 * every example map, analysed, gives exactly the findings the page lists under it.
 */

const page = (id: string) => new URL(`../../docs/rules/${id}.md`, import.meta.url);
const read = (url: URL) => readFileSync(url, 'utf8');

describe('docs/rules', () => {
  it('has a page for every rule, and an index that links each one', () => {
    const index = read(new URL('../../docs/rules/README.md', import.meta.url));
    for (const id of RULE_IDS) {
      expect(existsSync(page(id)), `docs/rules/${id}.md`).toBe(true);
      expect(index, `docs/rules/README.md links ${id}`).toContain(`](${id}.md)`);
    }
  });

  describe.each(RULE_IDS)('%s', (id) => {
    const text = existsSync(page(id)) ? read(page(id)) : '';
    const meta = ruleMeta(id);

    it("states the rule's surface, default severity, why, fix and fix model in the rule's own words", () => {
      expect(text.split('\n')[0]).toBe(`# ${id}`);
      expect(text).toContain(`**Surface**: \`${meta.surface}\``);
      expect(text).toContain(`**Default severity**: \`${meta.defaultSeverity}\``);
      // The UI and the plan show these same sentences; the page quotes them so the two never drift.
      expect(text).toContain(meta.why);
      expect(text).toContain(meta.fix);
      expect(text).toContain(meta.fixModel);
    });

    it('lists every option with its default', () => {
      for (const [option, value] of Object.entries(meta.defaultOptions)) {
        expect(text, `option ${option}`).toContain(`| \`${option}\` | \`${JSON.stringify(value)}\` |`);
      }
      if (Object.keys(meta.defaultOptions).length === 0) expect(text).toContain('This rule has no options.');
    });

    it('has a flagged and a clean example, each analysed to exactly what the page says', () => {
      const examples = pageExamples(text);
      expect(examples.some((e) => e.findings.length > 0), 'a flagged example').toBe(true);
      expect(examples.some((e) => e.findings.length === 0), 'a clean example').toBe(true);
      for (const example of examples) {
        const parsed = parseMapJson(example.mapText);
        if (!parsed.ok) throw new Error(`the example at line ${example.line} is not a valid map:\n${describeErrors(parsed.errors)}`);
        expect(JSON.parse(example.mapText).version, `the example at line ${example.line} is written in the current format`).toBe(2);
        const actual = analyze(parsed.map)
          .findings.filter((f) => f.rule === id)
          .map((f) => ({
            severity: f.severity,
            target: f.targets[0],
            message: f.message,
            impact: { leadTimeMinutes: f.impact.leadTimeMinutes, staffMinutesPerItem: f.impact.staffMinutesPerItem },
          }));
        expect(actual, `the example at line ${example.line}`).toEqual(example.findings);
      }
    });
  });
});
