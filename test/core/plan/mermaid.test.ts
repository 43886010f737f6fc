import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { mapToMermaid } from '../../../src/core/plan';
import { templates } from '../../../src/core/templates';
import { loadMap } from '../analyzer/fixtures';
import { parseWithMermaid } from './real-mermaid';

const EXAMPLE = loadMap('contract-review.json');

describe('mapToMermaid', () => {
  it('draws the example map: shapes by kind, arrows by handoff, edge text, kind classes and flags', () => {
    expect(mapToMermaid(EXAMPLE, analyze(EXAMPLE))).toBe(
      [
        'flowchart LR',
        '  n0(["Contract received"])',
        '  n1{{"Summarise contract"}}',
        '  n2[["Paralegal re-reads contract"]]',
        '  n3(["Contract signed"])',
        '  n0 -.->|"system"| n1',
        '  n1 -->|"emailed · manual · 1h"| n2',
        '  n2 ==>|"meeting · 3d"| n3',
        '  classDef startStep fill:#f0fdf4,stroke:#15803d',
        '  classDef aiStep fill:#f5f3ff,stroke:#7c3aed',
        '  classDef verificationStep fill:#f0fdfa,stroke:#0f766e',
        '  classDef endStep fill:#f3f4f6,stroke:#111827',
        '  class n0 startStep',
        '  class n1 aiStep',
        '  class n2 verificationStep',
        '  class n3 endStep',
        '  classDef flaggedError stroke:#dc2626,stroke-width:3px',
        '  class n2 flaggedError',
        '  linkStyle 1 stroke:#dc2626,stroke-width:3px',
        // j3's human-join is waived; work-did-not-move (a warning) flags it still
        '  linkStyle 2 stroke:#d97706,stroke-width:3px',
        '',
      ].join('\n'),
    );
  });

  it('without an analysis, styles nothing as flagged; TD on request', () => {
    const text = mapToMermaid(EXAMPLE, undefined, 'TD');
    expect(text.startsWith('flowchart TD\n')).toBe(true);
    expect(text).not.toMatch(/flagged|linkStyle/);
  });

  it('uses n0, n1, … for node ids, since step ids may be Mermaid keywords', async () => {
    const map = loadMap('plan/hostile.json');
    expect(map.steps.map((s) => s.id)).toEqual(['graph', 'class', 'subgraph', 'style', 'end']);
    const chart = await parseWithMermaid(mapToMermaid(map));
    expect(chart.vertices.map((v) => v.id)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
  });
});

describe('every template and analyzer fixture parses with mermaid, one node per step and one edge per join', () => {
  const fixtures = readdirSync(new URL('../../fixtures/analyzer', import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') && !f.startsWith('cli'))
    .map((f) => [f, loadMap(`analyzer/${f}`)] as const);
  const maps = [...templates.map((t) => [t.name, t.map] as const), ...fixtures];

  it.each(maps)('%s', async (_name, map) => {
    const analysis = analyze(map);
    const chart = await parseWithMermaid(mapToMermaid(map, analysis));
    expect(chart.vertices).toHaveLength(map.steps.length);
    expect(chart.edges).toHaveLength(map.joins.length);
    const strokes = { system: 'dotted', manual: 'normal', meeting: 'thick' } as const;
    expect(chart.edges.map((e) => e.stroke)).toEqual(map.joins.map((j) => strokes[j.handoff]));
    const flagged = new Set(analysis.findings.filter((f) => !f.waived && f.severity !== 'info').map((f) => f.targets[0]));
    expect(chart.edges.map((e) => e.style.length > 0)).toEqual(map.joins.map((j) => flagged.has(j.id)));
    expect(chart.vertices.map((v) => v.classes.some((c) => c.startsWith('flagged')))).toEqual(map.steps.map((s) => flagged.has(s.id)));
  });
});
