import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyzer';
import type { StallMap } from '../../src/core/model';
import { approvalChain, oneStep, withRedesignCopy } from './shared-maps';
import { type Page, type Person, twoPages } from './two-pages';

/**
 * Two people make the same change at the same moment (both rename a step, both click "Apply fix
 * in redesign"), and one of them presses Undo. Yjs cannot put back the value from before: the
 * colleague's value lies after it, so it refuses, and the field was left with no value at all: a
 * step without its label or kind, a join without its end, was dropped from the map.
 */

interface FieldCase {
  /** The same change, as each person makes it. */
  edit: (page: Page) => void;
  /** The field as the map reads. */
  read: (map: StallMap) => unknown;
  before: unknown;
  after: unknown;
}

const step = (map: StallMap) => map.steps.find((s) => s.id === 'work');
const join = (map: StallMap) => map.joins.find((j) => j.id === 'work-out');

const FIELDS: Record<string, FieldCase> = {
  'a step’s label': { edit: (p) => p.commands.updateStep('work', { label: 'Review' }), read: (m) => step(m)?.label, before: 'Draft reply', after: 'Review' },
  'a step’s kind': { edit: (p) => p.commands.updateStep('work', { kind: 'approval' }), read: (m) => step(m)?.kind, before: 'human', after: 'approval' },
  'a step’s owner': { edit: (p) => p.commands.updateStep('work', { owner: 'Dana' }), read: (m) => step(m)?.owner, before: 'Ops', after: 'Dana' },
  'a step’s minutes': { edit: (p) => p.commands.updateStep('work', { workMinutes: 9 }), read: (m) => step(m)?.workMinutes, before: 5, after: 9 },
  // A join without its hand-off reads as a manual one: the value from before (system) tells the two apart.
  'a join’s hand-off': { edit: (p) => p.commands.updateJoin('work-out', { handoff: 'meeting' }), read: (m) => join(m)?.handoff, before: 'system', after: 'meeting' },
  'a join’s wait': { edit: (p) => p.commands.updateJoin('work-out', { waitMinutes: 15 }), read: (m) => join(m)?.waitMinutes, before: 60, after: 15 },
  'the map’s title': { edit: (p) => p.commands.setMeta({ title: 'Support replies' }), read: (m) => m.title, before: 'Test map', after: 'Support replies' },
};

/** The field on both pages, and what neither page could read (nothing, when all is well). */
function onBothPages(pages: Record<'ana' | 'ben', Page>, read: (map: StallMap) => unknown) {
  return (['ana', 'ben'] as const).map((person) => {
    const { map, skipped } = pages[person].read();
    return { value: read(map), skipped };
  });
}

describe('undo after two people made the same change at the same moment', () => {
  for (const [field, c] of Object.entries(FIELDS)) {
    it(`${field}: the one whose change shows undoes it, and the value from before comes back on both pages; redo makes the change again`, () => {
      const pages = twoPages(oneStep, 'ana');
      const { ana, ben, sync } = pages;
      c.edit(ana);
      c.edit(ben);
      sync();
      ana.undo.undo();
      sync();
      expect(onBothPages(pages, c.read)).toEqual([
        { value: c.before, skipped: [] },
        { value: c.before, skipped: [] },
      ]);
      ana.undo.redo();
      sync();
      expect(onBothPages(pages, c.read)).toEqual([
        { value: c.after, skipped: [] },
        { value: c.after, skipped: [] },
      ]);
      // And the step after the redo is undone as any other.
      ana.undo.undo();
      sync();
      expect(onBothPages(pages, c.read).map(({ value }) => value)).toEqual([c.before, c.before]);
    });
  }

  // Renamed differently at once: what Ana's undo leaves depends on whose name shows.
  const DIFFERENT_NAMES: { shows: Person; after: string; what: string }[] = [
    { shows: 'ben', after: 'Check reply', what: 'Ben’s name shows: Ana’s undo leaves it (an undo never takes back a colleague’s change)' },
    { shows: 'ana', after: 'Draft reply', what: 'Ana’s name shows: her undo brings back the name from before (Ben’s was never shown once the pages met)' },
  ];
  for (const { shows, after, what } of DIFFERENT_NAMES) {
    it(`renamed differently at once, ${what}`, () => {
      const { ana, ben, sync } = twoPages(oneStep, shows);
      ana.commands.updateStep('work', { label: 'Review' });
      ben.commands.updateStep('work', { label: 'Check reply' });
      sync();
      ana.undo.undo();
      sync();
      expect([step(ana.read().map)?.label, step(ben.read().map)?.label]).toEqual([after, after]);
    });
  }
});

describe('undo of a step made of several changes, crossing a colleague’s', () => {
  it('a rename typed letter by letter while a colleague renamed the step goes back to the name before the first letter', () => {
    const { ana, ben, sync } = twoPages(oneStep, 'ana');
    for (const label of ['R', 'Re', 'Rev']) ana.commands.updateStep('work', { label });
    ben.commands.updateStep('work', { label: 'Check reply' });
    sync();
    ana.undo.undo();
    sync();
    expect([step(ana.read().map)?.label, step(ben.read().map)?.label]).toEqual(['Draft reply', 'Draft reply']);
  });

  it('a step deleted while a colleague renamed it comes back whole when the delete is undone', () => {
    const { ana, ben, sync } = twoPages(oneStep, 'ana');
    const before = ana.read();
    ana.commands.deleteElements(['work']);
    ben.commands.updateStep('work', { owner: 'Dana', label: 'Check reply' });
    sync();
    ana.undo.undo();
    sync();
    expect(ana.read()).toEqual(before);
    expect(ben.read()).toEqual(before);
  });
});

describe('"Apply fix in redesign" clicked by two people at once, then undone by one', () => {
  it('“Approvals in a row”: the folded join keeps its end, and the redesign is as before the fix on both pages; redo folds it again', () => {
    const { ana, ben, sync } = twoPages(withRedesignCopy(approvalChain), 'ana', 'redesign');
    const before = ana.read();
    const fix = analyze(approvalChain).findings.find((f) => f.rule === 'approval-chain')?.fix;
    if (!fix) throw new Error('expected the approval-chain finding with a fix');
    ana.redesign.applyFix(fix);
    ben.redesign.applyFix(fix);
    sync();
    const fixed = ana.read();
    expect(fixed.map.redesign?.joins.find((j) => j.id === 'draft-a1')).toMatchObject({ from: 'draft', to: 'a3', waitMinutes: 30 });
    ana.undo.undo();
    sync();
    expect(ana.read()).toEqual(before);
    expect(ben.read()).toEqual(before);
    ana.undo.redo();
    sync();
    expect(ana.read()).toEqual(fixed);
    expect(ben.read()).toEqual(fixed);
  });
});
