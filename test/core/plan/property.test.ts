import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Join, parseMap, type StallMap, type StepKind } from '../../../src/core/model';
import { parse as parseYaml } from 'yaml';
import { escapeMarkdown, mapToMermaid, mermaidToMap, oneLine, stripBidi, yamlString } from '../../../src/core/plan';
import { htmlText, readPlan } from './markdown';
import { parseWithMermaid } from './real-mermaid';

/** Text with a high share of the characters that mean something in Markdown, HTML, Mermaid, YAML or CSV. */
const syntax = fc
  .array(fc.oneof(fc.constantFrom(...'`*_[](){}<>#|~$&@!:;,"\'\\/-+=.%\n\r\t '.split(''), '-->', '%%', '```', '#quot;', '&amp;', 'end', 'http://', 'www.'), fc.string({ maxLength: 3 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

/** A map of two steps and the join between them. */
function twoSteps(from: [StepKind, string], to: [StepKind, string], join: Pick<Join, 'handoff' | 'label' | 'waitMinutes'>): StallMap {
  const steps = [from, to].map(([kind, label], i) => ({ id: `s${i}`, kind, label }));
  return { format: 'stallmap/map', version: 2, id: 'p', title: 'P', steps, joins: [{ id: 'j', from: 's0', to: 's1', ...join }], waivers: [], comments: [] };
}

describe('properties', () => {
  it('mermaidToMap never throws, and what it returns as a map passes the schema', () => {
    const lines = fc.array(fc.oneof(syntax, fc.constantFrom('a --> b', 'b -.->|x| c', 'c{{y}} ==> d([z])', 'class a ai', 'a:::end')), { maxLength: 6 });
    fc.assert(
      fc.property(fc.constantFrom('flowchart LR', 'graph TD', ''), lines, (header, body) => {
        const result = mermaidToMap([header, ...body].join('\n'), { id: 'p', title: 'P' });
        if (result.ok) expect(parseMap(result.map).ok).toBe(true);
        else expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('any label survives export to Mermaid and import back, on one line', () => {
    const label = fc.oneof(syntax, fc.string({ unit: 'grapheme', maxLength: 40 })).filter((s) => oneLine(s) !== '' && s.length <= 200);
    fc.assert(
      fc.property(label, label, label, (a, b, joinLabel) => {
        const map = twoSteps(['start', a], ['ai', b], { handoff: 'meeting', label: joinLabel, waitMinutes: 60 });
        const back = mermaidToMap(mapToMermaid(map), { id: 'p', title: 'P' });
        if (!back.ok) throw new Error(JSON.stringify(back.errors));
        expect(back.map.steps.map((s) => [s.kind, s.label])).toEqual([
          ['start', oneLine(a)],
          ['ai', oneLine(b)],
        ]);
        expect(back.map.joins[0].label).toBe(oneLine(joinLabel));
        expect(back.map.joins[0].handoff).toBe('meeting');
        expect(back.map.joins[0].waitMinutes).toBe(60);
      }),
      { numRuns: 300 },
    );
  });

  it('escaped Markdown renders as exactly the typed text in a heading, a list item and a table, with no element of its own', () => {
    fc.assert(
      fc.property(fc.oneof(syntax, fc.string({ unit: 'grapheme', maxLength: 40 })).filter((s) => oneLine(s) !== ''), (typed) => {
        const text = escapeMarkdown(typed);
        const plan = readPlan(`# ${text}\n\n- ${text}\n\n| ${text} |\n| --- |\n| ${text} |\n`);
        expect(plan.inline.filter((t) => t.type !== 'escape')).toEqual([]);
        expect(plan.headings).toHaveLength(1);
        expect(plan.tables.map((t) => [t.header.length, t.rows.length, t.rows[0].length])).toEqual([[1, 1, 1]]);
        const shown = htmlText(plan.html).split('\n').map((line) => line.trim()).filter(Boolean);
        expect(shown).toEqual(Array(4).fill(oneLine(typed)));
      }),
      { numRuns: 500 },
    );
  });

  it('any string is one YAML line that parses back to itself, bidirectional controls dropped', () => {
    fc.assert(
      fc.property(fc.oneof(syntax, fc.string({ unit: 'binary', maxLength: 40 })), (typed) => {
        const line = yamlString(typed);
        expect(line).not.toMatch(/[\n\r<>]/);
        expect(parseYaml(`- ${line}`)).toEqual([stripBidi(typed)]);
      }),
      { numRuns: 500 },
    );
  });

  it('mermaid itself reads any label of the exported flowchart as typed, on one line', async () => {
    const label = fc.oneof(syntax, fc.string({ unit: 'grapheme', maxLength: 40 })).filter((s) => oneLine(s) !== '');
    await fc.assert(
      fc.asyncProperty(label, label, async (step, join) => {
        const map = twoSteps(['human', step], ['end', join], { handoff: 'manual', label: join });
        const chart = await parseWithMermaid(mapToMermaid(map));
        expect(chart.vertices.map((v) => v.text)).toEqual([oneLine(step), oneLine(join)]);
        expect(chart.edges.map((e) => e.text)).toEqual([`${oneLine(join)} · manual`]);
      }),
      { numRuns: 100 },
    );
  });
});
