import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { buildMap, type JoinSpec, type StepSpec } from './build';

/**
 * The gates and the triage's blocker are what moves the line: accountability and launch safety
 * first, then the largest cut in lead time, then in staff minutes; never an external step, never
 * two gates on one step or join. Each map is a situation a leader would recognise.
 */
const gatesOf = (steps: StepSpec[], joins: JoinSpec[], extra?: Record<string, unknown>) => analyze(buildMap(steps, joins, { version: 2, ...extra }));

describe('gates', () => {
  it('asks the approver the chain keeps to take the others’ sign-off, not the first approver to drop their own', () => {
    // draft → Team lead → Risk officer → CFO approves → out: the fix keeps the CFO's approval.
    const chain = (cfoOwner: string) =>
      gatesOf(
        [
          { id: 'in', kind: 'start' },
          { id: 'draft', kind: 'ai', owner: 'Ops', workMinutes: 5, manualMinutes: 60, overrideRate: 0.05 },
          { id: 'a1', kind: 'approval', owner: 'Team lead', workMinutes: 10, waitMinutes: 600 },
          { id: 'a2', kind: 'approval', owner: 'Risk officer', workMinutes: 10, waitMinutes: 600 },
          { id: 'a3', kind: 'approval', owner: cfoOwner, workMinutes: 10, waitMinutes: 600 },
          { id: 'out', kind: 'end' },
        ],
        [['in', 'draft', { handoff: 'system' }], ['draft', 'a1', { handoff: 'system' }], ['a1', 'a2', { handoff: 'system' }], ['a2', 'a3', { handoff: 'system' }], ['a3', 'out', { handoff: 'system' }]],
      ).gates.find((g) => g.rule === 'approval-chain');
    expect(chain('CFO')?.owner).toMatchObject({ name: 'CFO', role: 'step owner' });
    // With nobody named on it, the gate falls back to the first approver, as for any step.
    expect(chain('tbd')?.owner).toMatchObject({ name: 'Team lead', role: 'step owner' });
  });

  it('puts an unowned approval holding the largest queue before a copy-paste join off the critical path', () => {
    // The AI's draft goes to a legal approval nobody owns (a five-day queue) and, on the side, is
    // pasted into a log by hand. The paste is flagged (a manual join next to the AI step) but
    // off the critical path: fixing it moves nothing.
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'draft', kind: 'ai', owner: 'Ops', workMinutes: 5, manualMinutes: 60, overrideRate: 0.05 },
        { id: 'legal', kind: 'approval', owner: 'tbd', workMinutes: 20, waitMinutes: 7200 },
        { id: 'log', kind: 'human', owner: 'Ops', workMinutes: 5 },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'draft', { handoff: 'system' }], ['draft', 'legal', { handoff: 'system' }], ['draft', 'log', { label: 'copy-paste', waitMinutes: 30 }], ['legal', 'out', { handoff: 'system' }], ['log', 'out', { handoff: 'system' }]],
    );
    const paste = result.findings.find((f) => f.rule === 'human-join');
    expect(paste).toMatchObject({ targets: ['draft-log', 'draft', 'log'], severity: 'error', impact: { leadTimeMinutes: 0 } });
    expect(result.gates[0]).toMatchObject({ rule: 'no-accountable-owner', targets: ['legal'], reason: 'accountability' });
    expect(result.gates[0].impact.leadTimeMinutes).toBe(7200 - 1440);
    expect(result.gates.some((g) => g.targets[0] === 'draft-log')).toBe(false);
    expect(result.triage.blocker).toBe(result.gates[0].message);
  });

  it('puts a check of every item that costs more than the work before a join with no wait', () => {
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'letter', kind: 'ai', owner: 'UM lead', workMinutes: 2, manualMinutes: 20, overrideRate: 0.05 },
        { id: 'nurse', kind: 'verification', owner: 'UM lead', workMinutes: 30, verifies: ['letter'] },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'letter', { handoff: 'system' }], ['letter', 'nurse', { waitMinutes: 0 }], ['nurse', 'out', { handoff: 'system' }]],
    );
    expect(result.findings.find((f) => f.rule === 'human-join')?.impact).toEqual({ leadTimeMinutes: 0, staffMinutesPerItem: 0 });
    expect(result.gates[0]).toMatchObject({ rule: 'verification-exceeds-work', targets: ['nurse', 'letter'], reason: 'lead time' });
    expect(result.gates[0].impact).toEqual({ leadTimeMinutes: 27, staffMinutesPerItem: 27 });
    expect(result.gates.map((g) => g.rule)).not.toContain('human-join');
  });

  it('makes the largest wait the gate when the AI step is off the critical path, not a join next to the AI', () => {
    // The slow line is people's: a two-day queue between two desks. The AI drafts on the side.
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'desk1', kind: 'human', owner: 'Ops', workMinutes: 60 },
        { id: 'draft', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 30, overrideRate: 0.05 },
        { id: 'desk2', kind: 'human', owner: 'Ops', workMinutes: 30 },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'desk1', { handoff: 'system' }], ['in', 'draft', { handoff: 'system' }], ['desk1', 'desk2', { label: 'queue', waitMinutes: 2880 }], ['draft', 'desk2', { waitMinutes: 10 }], ['desk2', 'out', { handoff: 'system' }]],
    );
    expect(result.findings.find((f) => f.rule === 'human-join')).toMatchObject({ targets: ['draft-desk2', 'draft', 'desk2'], impact: { leadTimeMinutes: 0 } });
    expect(result.gates[0]).toMatchObject({ rule: 'work-did-not-move', targets: ['desk1-desk2'], reason: 'lead time', impact: { leadTimeMinutes: 1440 } });
    expect(result.gates.some((g) => g.targets[0] === 'draft-desk2')).toBe(false);
  });

  it('never gates an external step: the payer’s queue and an unowned payer step are not the team’s to fix', () => {
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'claim', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 10, overrideRate: 0.05 },
        { id: 'payer', kind: 'human', external: true, waitMinutes: 10000 },
        { id: 'post', kind: 'human', owner: 'Ops', workMinutes: 5 },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'claim', { handoff: 'system' }], ['claim', 'payer', { handoff: 'system' }], ['payer', 'post', { handoff: 'system' }], ['post', 'out', { handoff: 'system' }]],
    );
    expect(result.findings.find((f) => f.rule === 'work-did-not-move')).toMatchObject({ targets: ['payer'], impact: { leadTimeMinutes: 0 } });
    expect(result.findings.find((f) => f.rule === 'no-accountable-owner')).toMatchObject({ targets: ['payer'], severity: 'warning' });
    expect(result.gates.length).toBeGreaterThan(0);
    for (const gate of result.gates) expect(gate.targets[0]).not.toBe('payer');
  });

  it('puts launch safety first: an AI output that reaches the outcome through software alone', () => {
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'clerk', kind: 'human', owner: 'Ops', workMinutes: 10, waitMinutes: 5000 },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 10, overrideRate: 0.05 },
        { id: 'send', kind: 'system', owner: 'IT' },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'clerk', { handoff: 'system' }], ['clerk', 'ai', { handoff: 'system' }], ['ai', 'send', { handoff: 'system' }], ['send', 'out', { handoff: 'system' }]],
    );
    expect(result.gates[0]).toMatchObject({ rule: 'unverified-ai-output', targets: ['ai', 'out'], reason: 'launch safety' });
    expect(result.gates[1]).toMatchObject({ rule: 'work-did-not-move', reason: 'lead time' });
  });

  it('joins launch safety to the accountability gate on the same AI step: one gate, one owner, both acts, so the board sees both', () => {
    // The AI's reply goes straight out through software, and nobody owns the AI step.
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'tbd', workMinutes: 1, manualMinutes: 10, waitMinutes: 2880, overrideRate: 0.05 },
        { id: 'send', kind: 'system', owner: 'IT' },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'send', { handoff: 'system' }], ['send', 'out', { handoff: 'system' }]],
      { program: { lead: 'Dana Ruiz' } },
    );
    expect(result.gates.filter((g) => g.targets[0] === 'ai')).toHaveLength(1);
    const [gate] = result.gates;
    expect(gate).toMatchObject({ rule: 'no-accountable-owner', targets: ['ai'], reason: 'accountability' });
    expect(gate.also).toEqual([expect.objectContaining({ rule: 'unverified-ai-output', targets: ['ai', 'out'], reason: 'launch safety' })]);
    expect(gate.owner).toMatchObject({ name: 'Dana Ruiz', role: 'program lead' });
    expect(gate.owner.action).toBe("name an accountable owner for 'ai', who then must put a check or an approval on the output of 'ai' before it reaches 'out'");
    // The triage says both, the step named once.
    expect(result.triage.sentence).toMatch(/^The rollout is stalled because nobody answers for 'ai', and work waits 2d in its queue, and its output reaches 'out' unchecked[;.]/);
  });

  it('never puts two gates on the same step or join', () => {
    // Both joins around one hand-off step are flagged, and each fix empties that step.
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 30, overrideRate: 0.05 },
        { id: 'rekey', kind: 'handoff', owner: 'Ops', workMinutes: 15, waitMinutes: 600 },
        { id: 'chk', kind: 'verification', owner: 'Ops', workMinutes: 5, verifies: ['ai'] },
        { id: 'out', kind: 'end' },
      ],
      [['in', 'ai', { handoff: 'system' }], ['ai', 'rekey', { waitMinutes: 60 }], ['rekey', 'chk', { waitMinutes: 30 }], ['chk', 'out', { handoff: 'system' }]],
    );
    const [first, second] = result.gates;
    expect(first).toMatchObject({ rule: 'human-join', targets: ['ai-rekey', 'ai', 'rekey'] });
    expect(second?.targets[0]).not.toBe('rekey-chk');
  });

  it('looks past a long run of findings on one element for the second gate', () => {
    // Forty joins leave one hand-off step; each one's fix empties that step, so after the first
    // they all overlap it. The second gate is a check further down the list.
    const fanOut = Array.from({ length: 40 }, (_, i) => `desk${i}`);
    const result = gatesOf(
      [
        { id: 'in', kind: 'start' },
        { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 30, overrideRate: 0.05 },
        { id: 'post', kind: 'handoff', owner: 'Ops', workMinutes: 100 },
        ...fanOut.map((id): StepSpec => ({ id, kind: 'human', owner: 'Ops', workMinutes: 1 })),
        { id: 'chk', kind: 'verification', owner: 'Ops', workMinutes: 20, verifies: ['ai'] },
        { id: 'out', kind: 'end' },
      ],
      [
        ['in', 'ai', { handoff: 'system' }],
        ['ai', 'chk', { handoff: 'system' }],
        ['chk', 'post', { handoff: 'system' }],
        ...fanOut.flatMap((id): JoinSpec[] => [['post', id], [id, 'out', { handoff: 'system' }]]),
      ],
    );
    expect(result.findings.filter((f) => f.rule === 'human-join').length).toBeGreaterThan(40);
    expect(result.gates.map((g) => g.rule)).toEqual(['human-join', 'verification-exceeds-work']);
  });

  it('names who acts: the step’s owner, else the program lead, else the sponsor, else says who must name one', () => {
    const steps: StepSpec[] = [
      { id: 'in', kind: 'start' },
      { id: 'ai', kind: 'ai', owner: 'Ops', workMinutes: 1, manualMinutes: 30, overrideRate: 0.05 },
      { id: 'sign', kind: 'approval', owner: 'TBD', workMinutes: 10, waitMinutes: 4000 },
      { id: 'out', kind: 'end' },
    ];
    const joins: JoinSpec[] = [['in', 'ai', { handoff: 'system' }], ['ai', 'sign', { handoff: 'system' }], ['sign', 'out', { handoff: 'system' }]];
    const owner = (program?: Record<string, unknown>) => gatesOf(steps, joins, program ? { program } : {}).gates[0].owner;
    expect(owner({ lead: 'Dana', sponsor: 'COO' })).toEqual({ name: 'Dana', role: 'program lead', action: "name an accountable owner for 'sign'" });
    expect(owner({ sponsor: 'COO' })).toMatchObject({ name: 'COO', role: 'sponsor' });
    const nobody = owner();
    expect(nobody.name).toBeNull();
    expect(nobody.action).toMatch(/^Nobody is named yet: the first act is to name a program lead, and whoever sponsors the pilot must do it/);
    expect(JSON.stringify(nobody)).not.toMatch(/TBD/i);
    const owned = gatesOf(steps.map((s) => (s.id === 'sign' ? { ...s, owner: 'CFO' } : s)), joins).gates[0];
    expect(owned.owner).toMatchObject({ name: 'CFO', role: 'step owner' });
  });

  it('asks for the missing start and end of a map-wide finding, naming no owner of a step there is not', () => {
    // An empty map's only finding is the map's own: nobody owns "the map", and "join it to the
    // line" means nothing when there is no line yet.
    const empty = gatesOf([], []).gates[0];
    expect(empty).toMatchObject({ rule: 'dangling-step', targets: ['m'] });
    expect(empty.owner.action).toBe('Nobody is named yet: the first act is to name a program lead, and whoever sponsors the pilot must do it; the lead must then draw the start step and the end step, and join the work between them');
    const led = gatesOf([{ id: 'in', kind: 'start' }, { id: 'work', kind: 'human', owner: 'Ops' }], [['in', 'work', { handoff: 'system' }]], { program: { lead: 'Dana' } });
    expect(led.gates.find((g) => g.targets[0] === 'm')?.owner).toEqual({ name: 'Dana', role: 'program lead', action: 'draw the end step, and join the work to it' });
  });

  it('asks to take a meeting out of the way, not to automate it, and a manual join to be automated', () => {
    // A weekly committee that signs is not automated by an API: the decision leaves the meeting.
    const steps: StepSpec[] = [
      { id: 'in', kind: 'start' },
      { id: 'sum', kind: 'ai', owner: 'Legal Ops', workMinutes: 2, manualMinutes: 45, overrideRate: 0.05 },
      { id: 'read', kind: 'human', owner: 'Legal Ops', workMinutes: 5 },
      { id: 'out', kind: 'end' },
    ];
    const gateOn = (handoff: 'meeting' | 'manual') =>
      gatesOf(steps, [['in', 'sum', { handoff: 'system' }], ['sum', 'read', { handoff: 'system' }], ['read', 'out', { handoff, waitMinutes: 4320, label: 'committee' }]]).gates[0];
    expect(gateOn('meeting')).toMatchObject({ rule: 'human-join', owner: { name: 'Legal Ops', action: "stop holding 'committee' for a meeting: decide each item as it arrives" } });
    expect(gateOn('manual').owner.action).toBe("automate the hand-off 'committee'");
  });

  it('has no gate when nothing open is judged', () => {
    const result = gatesOf(
      [{ id: 'in', kind: 'start' }, { id: 'work', kind: 'human', owner: 'Ops', workMinutes: 5 }, { id: 'out', kind: 'end' }],
      [['in', 'work', { handoff: 'system' }], ['work', 'out', { handoff: 'system' }]],
    );
    expect(result.gates).toEqual([]);
    expect(result.triage.blocker).toBeNull();
  });
});
