import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import type { StallMap } from '../../../src/core/model';
import { findingsCsv, mapToMermaid, mermaidToMap, stateToMermaid } from '../../../src/core/plan';
import { loadMap } from '../analyzer/fixtures';

/**
 * A redesign of the example contract review: the email becomes a system join, the committee is
 * gone (the check goes straight to the end, by system), and the summariser loses its owner, so
 * the redesign has findings of its own to export: an unowned AI step (no-accountable-owner).
 */
const now = loadMap('contract-review.json');
const map: StallMap = {
  ...now,
  redesign: {
    steps: [...now.steps.map((s) => (s.id === 'sum' ? { ...s, owner: 'TBD', label: 'Summarise with the new model' } : s))],
    joins: now.joins.map((j) => (j.id === 'j3' ? { ...j, handoff: 'system' as const, waitMinutes: 0 } : { ...j, handoff: 'system' as const })),
  },
};
const analysis = analyze(map);

describe('the findings CSV of a map with a redesign', () => {
  const records: Record<string, string>[] = parseCsv(findingsCsv(map, analysis), { columns: true });

  it('has a state column: today’s findings first, then the redesign’s, each row saying which', () => {
    const today = records.filter((r) => r.state === 'now');
    const redesigned = records.filter((r) => r.state === 'redesign');
    expect(records.map((r) => r.state)).toEqual([...today, ...redesigned].map((r) => r.state));
    expect(today.map((r) => [r.rule, r.targets])).toEqual(analysis.findings.map((f) => [f.rule, f.targets.join(' ')]));
    expect(redesigned.map((r) => [r.rule, r.targets])).toEqual((analysis.redesign?.findings ?? []).map((f) => [f.rule, f.targets.join(' ')]));
    expect(redesigned.length).toBeGreaterThan(0);
  });

  it('names the redesign’s elements as the redesign calls them', () => {
    const owner = records.find((r) => r.state === 'redesign' && r.rule === 'no-accountable-owner');
    expect(owner).toMatchObject({ targets: 'sum', labels: 'Summarise with the new model', owner: 'TBD' });
    expect(records.filter((r) => r.state === 'now').some((r) => r.labels.includes('Summarise with the new model'))).toBe(false);
  });

  it('says `now` on every row of a map without a redesign', () => {
    const rows: Record<string, string>[] = parseCsv(findingsCsv(now, analyze(now)), { columns: true });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(['now']));
  });
});

describe('Mermaid of either state', () => {
  it('draws the redesign, flagged by the redesign’s own findings', () => {
    const text = stateToMermaid(map, analysis, 'redesign');
    expect(text).toContain('n1{{"Summarise with the new model"}}');
    expect(text).toContain('-.->|"emailed · system · 1h"|'); // the email became a system join
    expect(text).not.toContain('==>'); // no meeting is left
    expect(text).toMatch(/class (n\d,)*n1(,n\d)* flaggedError/); // the unowned AI step, an error in the redesign only
    expect(mapToMermaid(map, analysis)).not.toMatch(/class (n\d,)*n1(,n\d)* flaggedError/);
    const back = mermaidToMap(text ?? '', { id: 'back', title: 'Back' });
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.map.joins.map((j) => j.handoff)).toEqual(['system', 'system', 'system']);
  });

  it('draws today’s state as the map’s own picture, and no redesign for a map without one', () => {
    expect(stateToMermaid(map, analysis, 'now')).toBe(mapToMermaid(map, analysis));
    expect(stateToMermaid(now, analyze(now), 'redesign')).toBeUndefined();
  });
});
