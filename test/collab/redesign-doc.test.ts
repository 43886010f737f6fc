import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createCommands, type WorkflowState } from '../../src/collab/commands';
import { joinsOf, metaOf, readMap, redesignJoinsOf, redesignStepsOf, stepsOf, writeMap, itemFromFields } from '../../src/collab/doc';
import { createRedesignCommands } from '../../src/collab/redesignCommands';
import { joinIdFor } from '../../src/collab/ids';
import { createUndoManager } from '../../src/collab/undo';
import { analyze } from '../../src/core/analyzer';
import { CURRENT_VERSION, type Join, parseMap, type StallMap, type Step } from '../../src/core/model';
import { loadFixture } from '../fixtures/load';

/**
 * The doc's shape with a redesign beside today's state: both written and read back, the copy a
 * redesign starts as, commands that change whichever state is on screen and only it, ids never
 * shared between an element of one state and a different element of the other, and an old
 * (version 1) map that opens as it was and takes a redesign.
 */

const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const sorted = (state: { steps: readonly Step[]; joins: readonly Join[] }) => ({ steps: byId(state.steps), joins: byId(state.joins) });

function contractReview(): StallMap {
  const parsed = parseMap(loadFixture('contract-review'));
  if (!parsed.ok) throw new Error('fixture');
  return parsed.map;
}

/** A doc holding `map`, and the page's commands and undo aimed at the state `shown`. */
function setup(map: StallMap = contractReview()) {
  const doc = new Y.Doc();
  writeMap(doc, map);
  const view = { shown: 'now' as WorkflowState };
  const undo = createUndoManager(doc, () => view.shown);
  return { doc, undo, view, commands: createCommands(doc, undo, undefined, () => view.shown), redesign: createRedesignCommands(doc, undo) };
}

afterEach(() => vi.restoreAllMocks());

describe('both states in one doc', () => {
  it('writes today’s state and a different redesign and reads both back, each in its own maps', () => {
    const now = contractReview();
    // The redesign drops the check, adds a system step of its own id, and turns the emailed join into a system one.
    const redesign = {
      steps: [...now.steps.filter((s) => s.id !== 'chk'), { id: 'api', kind: 'system' as const, label: 'Route by API', owner: 'IT', workMinutes: 1 }],
      joins: [
        { id: 'j1', from: 'in', to: 'sum', handoff: 'system' as const },
        { id: 'j4', from: 'sum', to: 'api', handoff: 'system' as const, waitMinutes: 0 },
        { id: 'j5', from: 'api', to: 'out', handoff: 'system' as const },
      ],
      notes: 'No re-reading: the model routes',
    };
    const doc = new Y.Doc();
    writeMap(doc, { ...now, redesign });
    expect([...stepsOf(doc).keys()].sort()).toEqual(['chk', 'in', 'out', 'sum']);
    expect([...redesignStepsOf(doc).keys()].sort()).toEqual(['api', 'in', 'out', 'sum']);
    expect([...joinsOf(doc).keys()].sort()).toEqual(['j1', 'j2', 'j3']);
    expect([...redesignJoinsOf(doc).keys()].sort()).toEqual(['j1', 'j4', 'j5']);
    const { map, skipped } = readMap(doc);
    expect(skipped).toEqual([]);
    expect(sorted(map)).toEqual(sorted(now));
    expect(map.redesign).toEqual({ ...sorted(redesign), notes: redesign.notes });
    expect(parseMap(map).ok).toBe(true);

    // An import of a map without a redesign replaces both states: no redesign is left behind.
    writeMap(doc, now);
    expect(redesignStepsOf(doc).size + redesignJoinsOf(doc).size).toBe(0);
    expect(readMap(doc).map.redesign).toBeUndefined();
  });

  it('reads each state’s joins against that state’s own steps', () => {
    const { doc } = setup();
    // A redesign join to a step only today's state has leads nowhere in the redesign: left out (a
    // join to a removed step is what editing together leaves, not damage, so it is not reported).
    redesignStepsOf(doc).set('in', itemFromFields({ kind: 'start', label: 'Contract received' }));
    redesignStepsOf(doc).set('out', itemFromFields({ kind: 'end', label: 'Contract signed' }));
    redesignJoinsOf(doc).set('j1', itemFromFields({ from: 'in', to: 'sum', handoff: 'system' }));
    redesignJoinsOf(doc).set('jx', itemFromFields({ from: 'in', to: 'out', handoff: 'system' }));
    const { map, skipped } = readMap(doc);
    expect(map.redesign?.joins.map((j) => j.id)).toEqual(['jx']);
    expect(skipped).toEqual([]);
    expect(map.joins.map((j) => j.id)).toEqual(['j1', 'j2', 'j3']);
  });
});

describe('starting a redesign', () => {
  it('copies today’s steps and joins with the same ids and fields, into items of its own', () => {
    const { doc, redesign } = setup();
    const before = readMap(doc).map;
    expect(before.redesign).toBeUndefined();
    expect(redesign.startRedesign()).toBe(true);
    const started = readMap(doc).map;
    expect(started.redesign).toEqual({ steps: started.steps, joins: started.joins });
    expect(sorted(started)).toEqual(sorted(before));
    for (const id of stepsOf(doc).keys()) expect(redesignStepsOf(doc).get(id)).not.toBe(stepsOf(doc).get(id));
    for (const id of joinsOf(doc).keys()) expect(redesignJoinsOf(doc).get(id)).not.toBe(joinsOf(doc).get(id));
  });

  it('leaves the two states apart from then on, in both directions', () => {
    const { doc, view, commands, redesign } = setup();
    redesign.startRedesign();
    commands.updateStep('chk', { workMinutes: 10, owner: 'Paralegal lead' });
    commands.updateJoin('j2', { waitMinutes: 5 });
    view.shown = 'redesign';
    commands.updateStep('chk', { sampleRate: 0.1 });
    commands.updateJoin('j3', { handoff: 'system', waitMinutes: 0 });
    const { map } = readMap(doc);
    const step = (state: { steps: Step[] } | undefined, id: string) => state?.steps.find((s) => s.id === id);
    const join = (state: { joins: Join[] } | undefined, id: string) => state?.joins.find((j) => j.id === id);
    expect(step(map, 'chk')).toMatchObject({ workMinutes: 10, owner: 'Paralegal lead', sampleRate: 1 });
    expect(step(map.redesign, 'chk')).toMatchObject({ workMinutes: 50, owner: 'Legal Ops lead', sampleRate: 0.1 });
    expect(join(map, 'j2')?.waitMinutes).toBe(5);
    expect(join(map.redesign, 'j2')?.waitMinutes).toBe(60);
    expect(join(map, 'j3')).toMatchObject({ handoff: 'meeting', waitMinutes: 4320 });
    expect(join(map.redesign, 'j3')).toMatchObject({ handoff: 'system', waitMinutes: 0 });
  });

  it('starts again after a discard, and refuses to start over a redesign that exists', () => {
    const { doc, view, commands, redesign } = setup();
    redesign.startRedesign();
    view.shown = 'redesign';
    commands.updateStep('sum', { label: 'Summarise and route' });
    expect(redesign.startRedesign()).toBe(false);
    expect(readMap(doc).map.redesign?.steps.find((s) => s.id === 'sum')?.label).toBe('Summarise and route');
    redesign.discardRedesign();
    expect(readMap(doc).map.redesign).toBeUndefined();
    expect(redesign.startRedesign()).toBe(true);
    expect(readMap(doc).map.redesign?.steps.find((s) => s.id === 'sum')?.label).toBe('Summarise contract');
  });
});

describe('commands while the redesign is shown', () => {
  /** A started redesign shown on screen, with today's state as it was read before any command. */
  function shownRedesign() {
    const context = setup();
    context.view.shown = 'redesign';
    context.redesign.startRedesign();
    const today = sorted(readMap(context.doc).map);
    const todayUnchanged = () => expect(sorted(readMap(context.doc).map)).toEqual(today);
    const redesigned = () => readMap(context.doc).map.redesign ?? { steps: [], joins: [] };
    return { ...context, todayUnchanged, redesigned };
  }

  it('adds and updates a step in the redesign only', () => {
    const { commands, todayUnchanged, redesigned } = shownRedesign();
    const id = commands.addStep('system', { x: 500, y: 100 }, { label: 'Route by API', owner: 'IT' });
    if (!id) throw new Error('no step added');
    commands.updateStep(id, { workMinutes: 1 });
    commands.updateStep('chk', { owner: 'Paralegal lead' });
    expect(redesigned().steps.find((s) => s.id === id)).toEqual({ id, kind: 'system', label: 'Route by API', owner: 'IT', workMinutes: 1, position: { x: 500, y: 100 } });
    expect(redesigned().steps.find((s) => s.id === 'chk')?.owner).toBe('Paralegal lead');
    todayUnchanged();
  });

  it('moves steps in the redesign only', () => {
    const { commands, todayUnchanged, redesigned } = shownRedesign();
    commands.moveSteps({ sum: { x: 210.4, y: 80.6 }, chk: { x: 420, y: 80 } });
    expect(redesigned().steps.find((s) => s.id === 'sum')?.position).toEqual({ x: 210, y: 81 });
    expect(redesigned().steps.find((s) => s.id === 'chk')?.position).toEqual({ x: 420, y: 80 });
    todayUnchanged();
  });

  it('connects steps of the redesign, and only those: a step only today has is not the redesign’s', () => {
    const { doc, view, commands, todayUnchanged, redesigned } = shownRedesign();
    const api = commands.addStep('system', { x: 0, y: 0 });
    if (!api) throw new Error('no step added');
    const join = commands.connect('sum', api, 'system');
    expect(redesigned().joins.find((j) => j.id === join)).toEqual({ id: join, from: 'sum', to: api, handoff: 'system' });
    commands.updateJoin(join as string, { waitMinutes: 1 });
    expect(redesigned().joins.find((j) => j.id === join)?.waitMinutes).toBe(1);
    // The same join exists already: connect returns it, and adds nothing.
    expect(commands.connect('sum', api)).toBe(join);
    todayUnchanged();
    // Today's state has no such step: from it, the connection is refused.
    view.shown = 'now';
    expect(commands.connect('sum', api)).toBeUndefined();
    expect(joinsOf(doc).size).toBe(3);
  });

  it('deletes in the redesign only, taking the step’s joins and its place in the redesign’s checks', () => {
    const { commands, todayUnchanged, redesigned } = shownRedesign();
    commands.deleteElements(['sum', 'j3']);
    expect(redesigned().steps.map((s) => s.id)).toEqual(['chk', 'in', 'out']);
    expect(redesigned().joins).toEqual([]);
    expect(redesigned().steps.find((s) => s.id === 'chk')?.verifies).toEqual([]);
    todayUnchanged();
  });

  it('duplicates in the redesign only, with the joins between the copies', () => {
    const { doc, commands, todayUnchanged, redesigned } = shownRedesign();
    const copies = commands.duplicate(['sum', 'chk']);
    const [sum, chk] = [copies.get('sum'), copies.get('chk')];
    expect(sum && chk).toBeTruthy();
    expect(redesigned().steps.find((s) => s.id === chk)).toMatchObject({ kind: 'verification', label: 'Paralegal re-reads contract', position: { x: 440, y: 40 } });
    expect(redesigned().joins.filter((j) => j.from === sum)).toMatchObject([{ to: chk, handoff: 'manual', waitMinutes: 60 }]);
    for (const copy of [sum, chk]) expect(stepsOf(doc).has(copy as string)).toBe(false);
    todayUnchanged();
  });

  it('undoes a redesign edit without touching today’s state, and today’s edit without touching the redesign', () => {
    const { doc, undo, view, commands, todayUnchanged, redesigned } = shownRedesign();
    const redesignBefore = redesigned();
    commands.deleteElements(['chk']);
    view.shown = 'now';
    commands.deleteElements(['sum']);
    expect(readMap(doc).map.steps.map((s) => s.id)).toEqual(['chk', 'in', 'out']);
    undo.undo(); // today's delete, one step
    todayUnchanged();
    expect(redesigned().steps.map((s) => s.id)).toEqual(['in', 'out', 'sum']);
    view.shown = 'redesign';
    undo.undo(); // the redesign's delete, one step, in its own history
    expect(redesigned()).toEqual(redesignBefore);
    todayUnchanged();
  });
});

describe('ids across the two states', () => {
  /**
   * Random bytes as ids draw them, given per draw: byte b gives the letter ALPHABET[b] eight times
   * ('a' for 0, 'b' for 1, ...), so a test can make the next id collide on purpose.
   */
  function drawLetters(...bytes: number[]) {
    const queue = [...bytes];
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const byte = queue.length > 1 ? (queue.shift() as number) : queue[0];
      if (array instanceof Uint8Array) array.fill(byte);
      return array;
    });
  }

  it('never gives a redesign element the id of one of today’s, even one the redesign deleted', () => {
    const map = contractReview();
    map.steps.push({ id: 'human-aaaaaaaa', kind: 'human', label: 'Old step', owner: 'Ann' });
    map.joins.push({ id: 'j-bbbbbbbb', from: 'sum', to: 'human-aaaaaaaa', handoff: 'manual' });
    // A join named as the one drawn below would be (by its two steps: ids.ts), in both states.
    map.joins.push({ id: joinIdFor('sum', 'human-cccccccc'), from: 'in', to: 'chk', handoff: 'manual' });
    const { doc, view, commands, redesign } = setup(map);
    redesign.startRedesign();
    view.shown = 'redesign';
    commands.deleteElements(['human-aaaaaaaa']);
    expect(redesignStepsOf(doc).has('human-aaaaaaaa')).toBe(false);
    expect(redesignJoinsOf(doc).has('j-bbbbbbbb')).toBe(false);

    drawLetters(0, 2); // 'aaaaaaaa' is today's deleted step: the next draw, 'cccccccc', is taken instead
    expect(commands.addStep('human', { x: 0, y: 0 })).toBe('human-cccccccc');
    // Its name is taken, and so is 'j-bbbbbbbb', today's join (gone from the redesign with its step).
    drawLetters(1, 3);
    expect(commands.connect('sum', 'human-cccccccc')).toBe('j-dddddddd');
    drawLetters(0, 2, 4); // a copy takes neither today's id nor the redesign's own
    expect(commands.duplicate(['human-cccccccc']).get('human-cccccccc')).toBe('human-eeeeeeee');
  });

  it('never gives one of today’s elements the id of a step only the redesign has', () => {
    const { view, commands, redesign } = setup();
    redesign.startRedesign();
    view.shown = 'redesign';
    drawLetters(0);
    expect(commands.addStep('ai', { x: 0, y: 0 })).toBe('ai-aaaaaaaa');
    view.shown = 'now';
    drawLetters(0, 5);
    expect(commands.addStep('ai', { x: 0, y: 0 })).toBe('ai-ffffffff');
  });
});

describe('an old map (version 1, no redesign)', () => {
  it('opens unchanged through the migration and the doc, and takes a redesign', () => {
    const file = loadFixture('contract-review');
    expect(file.version).toBe(1);
    const parsed = parseMap(file);
    if (!parsed.ok) throw new Error('fixture');
    // The migration changes the number only.
    const { version: _v, waivers, comments, ...content } = parsed.map;
    const { version: _fileVersion, waivers: fileWaivers, comments: fileComments, ...fileContent } = file;
    expect(parsed.map.version).toBe(CURRENT_VERSION);
    expect(content).toEqual(fileContent);
    expect([waivers, comments]).toEqual([fileWaivers, fileComments]);
    expect('redesign' in parsed.map).toBe(false);

    const doc = new Y.Doc();
    const review = new Y.Doc();
    writeMap(doc, parsed.map, null, review);
    expect(redesignStepsOf(doc).size + redesignJoinsOf(doc).size).toBe(0);
    const opened = readMap(doc, review);
    expect(opened.skipped).toEqual([]);
    expect(opened.map).toEqual({ ...parsed.map, ...sorted(parsed.map) });
    expect('redesign' in opened.map).toBe(false);
    expect(analyze(opened.map).redesign).toBeUndefined();

    const undo = createUndoManager(doc);
    expect(createRedesignCommands(doc, undo).startRedesign()).toBe(true);
    const started = readMap(doc, review).map;
    expect(sorted(started)).toEqual(sorted(parsed.map));
    expect(started.redesign).toEqual(sorted(parsed.map));
    // A fresh copy changes no figure.
    expect(Object.values(analyze(started).redesign?.delta ?? { missing: 1 }).every((d) => d === 0)).toBe(true);
    undo.undo();
    expect(readMap(doc, review).map).toEqual(opened.map);
  });

  it('opens a doc stored before the redesign existed (no redesign types at all), and takes a redesign', () => {
    // What an older server stored: meta, steps and joins, nothing else.
    const old = new Y.Doc();
    metaOf(old).set('id', 'contract-review');
    metaOf(old).set('title', 'Contract review with AI summaries');
    for (const step of contractReview().steps) stepsOf(old).set(step.id, itemFromFields(step));
    for (const join of contractReview().joins) joinsOf(old).set(join.id, itemFromFields(join));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(old));
    const opened = readMap(doc);
    expect(opened.skipped).toEqual([]);
    expect(opened.map.redesign).toBeUndefined();
    expect(sorted(opened.map)).toEqual(sorted(contractReview()));
    expect(createRedesignCommands(doc).startRedesign()).toBe(true);
    expect(readMap(doc).map.redesign).toEqual(sorted(contractReview()));
    // The stored doc took the redesign as an update like any other.
    Y.applyUpdate(old, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(old)));
    expect(readMap(old).map).toEqual(readMap(doc).map);
  });
});
