import { describe, expect, it } from 'vitest';
import { analyze, buildGraph, plainReason, redesignedMap } from '../../src/core/analyzer';
import type { StallMap } from '../../src/core/model';
import { shownAnalysis, shownMap } from '../../src/canvas/shownState';
import { loadFixture } from '../fixtures/load';

/** The example map with a redesign: today's steps copied, its first manual join made a system join. */
function withRedesign(): StallMap {
  const map = loadFixture('contract-review');
  const manual = map.joins.find((j) => (j.handoff ?? 'manual') === 'manual');
  if (!manual) throw new Error('the example has no manual join');
  const joins = map.joins.map((j) => (j.id === manual.id ? { ...j, handoff: 'system' as const } : j));
  return { ...map, redesign: { steps: structuredClone(map.steps), joins } };
}

describe('the analysis of the state on screen', () => {
  it("today's view: the map's own analysis, with today's findings as the analysis's", () => {
    const map = withRedesign();
    const { analysis, nowFindings } = shownAnalysis(map, 'now');
    expect(analysis).toEqual(analyze(map));
    expect(nowFindings).toBe(analysis.findings);
  });

  it("the redesign view: the redesign's whole analysis, the same comparison as the analyzer's, and today's findings beside", () => {
    const map = withRedesign();
    const { analysis, nowFindings } = shownAnalysis(map, 'redesign');
    const { redesign, ...redesigned } = analysis;
    expect(redesigned).toEqual(analyze(redesignedMap(map) as StallMap));
    expect(redesign).toEqual(analyze(map).redesign);
    expect(redesign?.delta.manualJoins).toBe(-1);
    const { redesign: _, ...today } = map;
    expect(nowFindings).toEqual(analyze(today).findings);
    expect(nowFindings).not.toEqual(analysis.findings);
  });

  it('the redesign view before a redesign: an empty state, and no findings of today to apply', () => {
    const map = loadFixture('contract-review');
    expect(shownMap(map, 'redesign').steps).toEqual([]);
    const { analysis, nowFindings } = shownAnalysis(map, 'redesign');
    expect(analysis.redesign).toBeUndefined();
    expect(analysis.metrics.leadTimeMinutes).toBe(0);
    expect(nowFindings).toEqual([]);
  });

  it("names the blocker from the state on screen: in the redesign, the redesign's own label of its step", () => {
    const map = withRedesign();
    const today = shownAnalysis(map, 'now');
    const gate = today.analysis.gates[0];
    const finding = today.analysis.findings.find((f) => f.rule === gate.rule && f.targets.join() === gate.targets.join());
    if (!finding) throw new Error('the example has no gate');
    expect(today.blocker).toBe(plainReason(buildGraph(map), finding, map.title));

    // The redesign renames the steps its first gate points at: its blocker says the new names.
    const redesign = map.redesign;
    if (!redesign) throw new Error('no redesign');
    const renamed: StallMap = { ...map, redesign: { ...redesign, steps: redesign.steps.map((s) => ({ ...s, label: `${s.label} (redesigned)` })) } };
    const shown = shownAnalysis(renamed, 'redesign');
    expect(shown.analysis.gates.length).toBeGreaterThan(0);
    expect(shown.blocker).toMatch(/\(redesigned\)'/);
  });
});
