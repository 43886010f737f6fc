import { describe, expect, it } from 'vitest';
import { describeErrors, parseMapJson } from '../../../src/core/model';
import { lineOf, valueLines } from '../../../src/core/model/json-lines';
import { templates } from '../../../src/core/templates';

/**
 * A refused map file names the line of each problem beside its path: in a file of thousands of
 * lines, `steps[37].owner` alone sends a person counting steps.
 */
describe('the line of a problem in a map file', () => {
  const map = structuredClone(templates[1].map);
  map.steps[3].owner = 42 as unknown as string;
  map.joins[2].to = 'ghost';
  delete (map.steps[5] as { label?: string }).label;
  const text = JSON.stringify(map, null, 2);
  const lineWith = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

  it('is the line of the value at fault, or of the step a missing field belongs to', () => {
    const result = parseMapJson(text);
    if (result.ok) throw new Error('the map is broken on purpose');
    const byPath = new Map(result.errors.map((error) => [error.path, error.line]));
    expect(byPath.get('steps[3].owner')).toBe(lineWith('"owner": 42'));
    expect(byPath.get('joins[2].to')).toBe(lineWith('"to": "ghost"'));
    // The step's opening brace: the line before its first field.
    expect(byPath.get('steps[5].label')).toBe(lineWith(`"id": "${map.steps[5].id}"`) - 1);
    expect(describeErrors(result.errors)).toContain(`steps[3].owner (line ${lineWith('"owner": 42')}): `);
  });

  it('follows keys and indexes through a file written on one line, with escapes and nesting', () => {
    const lines = valueLines('{"a":[1,{"b\\"c":"x\\ny"},[2,3]],\n"d":\n{"e":null}}');
    expect(lines.get('a[1]')).toBe(1);
    expect(lines.get('a[2][1]')).toBe(1);
    expect(lines.get('d')).toBe(3);
    expect(lines.get('d.e')).toBe(3);
    expect(lineOf(lines, 'd.e.f')).toBe(3);
    expect(lineOf(lines, 'x.y')).toBeUndefined();
  });

  it('gives no line, and no error, for a file nested deeper than it can walk', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(valueLines(deep).size).toBe(0);
  });
});
