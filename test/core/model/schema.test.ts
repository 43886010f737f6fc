import { describe, expect, it } from 'vitest';
import { parseMap, parseMapJson } from '../../../src/core/model';
import { withLineAndColumn } from '../../../src/core/model/parse';
import { templates } from '../../../src/core/templates';
import { loadFixture } from '../../fixtures/load';

const example = () => loadFixture('contract-review');

function errorsOf(map: unknown) {
  const result = parseMap(map);
  if (result.ok) throw new Error('expected the map to be refused');
  return result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('the map format v1', () => {
  it('accepts the example of docs/format.md and fills defaults', () => {
    const result = parseMap(example());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.map.steps).toHaveLength(4);
      expect(result.map.joins.map((j) => j.handoff)).toEqual(['system', 'manual', 'meeting']);
    }
  });

  it('says which versions it reads when a map has none (every one since 1, which is migrated)', () => {
    const { version: _none, format: _either, ...unversioned } = example() as Record<string, unknown>;
    expect(errorsOf(unversioned)).toEqual(expect.arrayContaining(['version: must be 1 or 2', 'format: must be "stallmap/map"']));
  });

  it('accepts every shipped template', () => {
    for (const template of templates) expect(parseMap(template.map).ok, template.name).toBe(true);
  });

  it('defaults a join without a handoff to manual, and empty waivers and comments', () => {
    const map = example() as Record<string, any>;
    delete map.joins[1].handoff;
    delete map.waivers;
    delete map.comments;
    const result = parseMap(map);
    expect(result.ok && result.map.joins[1].handoff).toBe('manual');
    expect(result.ok && result.map.waivers).toEqual([]);
  });

  const broken: [string, (m: Record<string, any>) => void, string][] = [
    ['an unknown step field', (m) => (m.steps[1].owenr = 'x'), "steps[1]: unknown field 'owenr'"],
    ['an unknown top-level field', (m) => (m.colour = 'red'), "(top level): unknown field 'colour'"],
    ['a join to a missing step', (m) => (m.joins[0].to = 'ghost'), "joins[0].to: no step 'ghost'"],
    ['a join from a missing step', (m) => (m.joins[2].from = 'nowhere'), "joins[2].from: no step 'nowhere'"],
    ['a duplicate id across steps and joins', (m) => (m.joins[0].id = 'sum'), "joins[0].id: duplicate id 'sum'"],
    ['a join leaving an end', (m) => m.joins.push({ id: 'j9', from: 'out', to: 'chk' }), "joins[3].from: a join may not start at an end step ('out')"],
    ['a join entering a start', (m) => m.joins.push({ id: 'j9', from: 'chk', to: 'in' }), "joins[3].to: a join may not end at a start step ('in')"],
    ['negative minutes', (m) => (m.steps[1].workMinutes = -2), 'steps[1].workMinutes: must be ≥ 0'],
    ['minutes as text', (m) => (m.steps[2].waitMinutes = '4h'), 'steps[2].waitMinutes: must be a number of minutes'],
    ['a rate above 1', (m) => (m.steps[1].overrideRate = 1.5), 'steps[1].overrideRate: must be from 0 to 1'],
    ['an unknown kind', (m) => (m.steps[0].kind = 42), 'steps[0].kind: must be one of start, end, human, ai, system, approval, verification, handoff'],
    ['an unknown handoff', (m) => (m.joins[0].handoff = 'fax'), 'joins[0].handoff: must be one of system, manual, meeting'],
    ['an empty label', (m) => (m.steps[0].label = ''), 'steps[0].label: must not be empty'],
    ['a label over 200 characters', (m) => (m.steps[0].label = 'x'.repeat(201)), 'steps[0].label: must be at most 200 characters'],
    ['an owner over 120 characters', (m) => (m.steps[1].owner = 'x'.repeat(121)), 'steps[1].owner: must be at most 120 characters'],
    ['a bad id', (m) => (m.steps[0].id = 'has space'), 'steps[0].id: must be 1–64 characters of A-Z a-z 0-9 _ -'],
    ['verifies naming a missing step', (m) => (m.steps[2].verifies = ['gone']), "steps[2].verifies[0]: no step 'gone'"],
    ['a missing label', (m) => delete m.steps[3].label, 'steps[3].label: is required'],
    ['a wrong format', (m) => (m.format = 'other'), 'format: must be "stallmap/map"'],
    ['a bad rule setting', (m) => (m.settings = { rules: { 'human-join': 'loud' } }), 'settings.rules.human-join: must be one of off, info, warning, error, or [severity, { options }]'],
  ];
  for (const [what, breakIt, expected] of broken) {
    it(`refuses ${what}, naming the path`, () => {
      const map = example() as Record<string, any>;
      breakIt(map);
      expect(errorsOf(map)).toContain(expected);
    });
  }

  it('reports item errors and reference errors together', () => {
    const map = example() as Record<string, any>;
    map.steps[1].owenr = 'x';
    map.joins[0].to = 'ghost';
    expect(errorsOf(map)).toEqual(["steps[1]: unknown field 'owenr'", "joins[0].to: no step 'ghost'"]);
  });

  it('explains a JSON syntax error instead of throwing', () => {
    const result = parseMapJson('{ "format": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].path).toBe('(JSON)');
  });

  it('says on which line and column a syntax error is, as an editor shows it', () => {
    const messageOf = (text: string) => {
      const result = parseMapJson(text);
      return result.ok ? '' : result.errors[0].message;
    };
    expect(messageOf('{\n  "format": "stallmap/map",\n  "version": 2\n  "id": "x"\n}')).toMatch(/at position 47 \(line 4, column 3\)$/);
    expect(messageOf('\ufeff{\n  "steps": [1,\n')).toMatch(/end of JSON input \(line 3, column 1\)$/);
  });

  it('says the place once where the engine gives its own line and column (Chromium, Node 22)', () => {
    const text = '{"format":"stallmap/map",\n "version":2,\n "title": "x",\n "steps": [ {"id":"a",} ]\n}';
    const chromium = 'Expected double-quoted property name in JSON at position 77 (line 4 column 23)';
    expect(withLineAndColumn(text, chromium)).toBe('Expected double-quoted property name in JSON at position 77 (line 4, column 23)');
  });

  it('refuses what is not a map at all', () => {
    const expected = ['(top level): must be a map: a JSON object with format, version, id, title, steps and joins'];
    expect(errorsOf(null)).toEqual(expected);
    expect(errorsOf([])).toEqual(expected);
  });
});

describe('the map format v2', () => {
  const v2 = () => ({
    ...example(),
    version: 2,
    volumePerWeek: 400,
    costPerHour: 55,
    program: {
      sponsor: 'COO',
      lead: 'Dana Ortiz',
      milestone: { text: 'AI summaries on every new contract, checked by sample', due: '2027-03-01' },
      measures: [{ name: 'override rate', target: '≤ 15%', owner: 'Legal Ops lead', cadence: 'weekly' }],
    },
    assessment: { workflow: { score: 2, evidence: 'Paralegals re-read every contract', by: 'COO', at: '2026-11-20' } },
  });

  it('accepts volume, cost, program, assessment, external steps, shares, rework and a redesign', () => {
    const map = v2();
    map.steps[2] = { ...map.steps[2], external: false };
    map.joins[1] = { ...map.joins[1], share: 1, rework: false };
    const redesign = { steps: map.steps, joins: map.joins.map((j) => ({ ...j, handoff: 'system' })), notes: 'API joins' };
    const result = parseMap({ ...map, redesign });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.map).toMatchObject({ version: 2, volumePerWeek: 400, program: { lead: 'Dana Ortiz' }, redesign: { notes: 'API joins' } });
  });

  it('ignores a "$schema" key and a UTF-8 byte-order mark', () => {
    expect(parseMap({ $schema: 'https://example.org/stallmap-map.json', ...v2() }).ok).toBe(true);
    expect(parseMapJson(`\uFEFF${JSON.stringify(v2())}`).ok).toBe(true);
  });

  it('refuses numbers past sane bounds and scores outside 1–5, saying where', () => {
    const map = v2();
    map.steps[1] = { ...map.steps[1], workMinutes: 1e12 };
    expect(errorsOf({ ...map, volumePerWeek: Number.MAX_VALUE, assessment: { workflow: { score: 7, evidence: 'x' } } })).toEqual([
      'steps[1].workMinutes: must be at most 5,256,000',
      'volumePerWeek: must be at most 1,000,000,000',
      'assessment.workflow.score: must be from 1 to 5',
    ]);
  });

  it('checks the redesign’s references as the current state’s, under "redesign"', () => {
    const map = v2();
    expect(errorsOf({ ...map, redesign: { steps: map.steps, joins: [{ id: 'j9', from: 'sum', to: 'ghost' }] } })).toEqual(["redesign.joins[0].to: no step 'ghost'"]);
  });
});
