import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyzer';
import { inWords, parseMap, type StallMap } from '../../../src/core/model';
import { mapToMermaid, mermaidFile, mermaidLeavesOut } from '../../../src/core/plan';

/** A map with everything the format holds, beside its steps and joins. */
function everything(): StallMap {
  const parsed = parseMap({
    format: 'stallmap/map',
    version: 2,
    id: 'prior-auth',
    title: 'Prior authorisation',
    description: 'From request to schedule',
    volumePerWeek: 400,
    costPerHour: 60,
    steps: [
      { id: 'in', kind: 'start', label: 'Request received' },
      { id: 'draft', kind: 'ai', label: 'Draft the request', owner: 'Clinic manager', performer: 'Model', workMinutes: 2, overrideRate: 0.08 },
      { id: 'nurse', kind: 'verification', label: 'Nurse reviews', verifies: ['draft'], external: true },
      { id: 'out', kind: 'end', label: 'Scheduled' },
    ],
    joins: [
      { id: 'j1', from: 'in', to: 'draft', handoff: 'system' },
      { id: 'j2', from: 'draft', to: 'nurse', waitMinutes: 60, label: 'printed', share: 0.9 },
      { id: 'j3', from: 'draft', to: 'out', share: 0.1 },
      { id: 'j4', from: 'nurse', to: 'draft', rework: true },
    ],
    waivers: [{ rule: 'human-join', target: 'j2', reason: 'By law', by: 'COO', at: '2026-11-20' }],
    comments: [
      { id: 'c1', target: 'nurse', author: 'COO', text: 'Why?', at: '2026-11-20' },
      { id: 'c2', target: 'nurse', author: 'Nurse', text: 'Audit', at: '2026-11-20', replyTo: 'c1' },
    ],
    settings: { rules: { 'approval-chain': 'off' } },
    program: { sponsor: 'COO' },
    assessment: { workflow: { score: 2, evidence: 'Faxed' } },
    redesign: { steps: [{ id: 'in', kind: 'start', label: 'Request received' }], joins: [] },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.map;
}

describe('what a Mermaid flowchart of a map leaves out', () => {
  it('names everything but the steps, their kinds and labels, and the joins with their handoffs, waits and labels', () => {
    const map = everything();
    const left = mermaidLeavesOut(map, mermaidFile(map.title, mapToMermaid(map, analyze(map))));
    expect(inWords(left)).toBe(
      'descriptions and notes, owners, performers, the steps’ minutes, override and sample rates, what each check verifies, external marks, ' +
        'the joins’ shares, rework marks, the volume and cost, the program, the team’s scores, rule settings, the redesign, 2 comments and 1 waiver',
    );
  });

  it('names nothing for a map that is only what a flowchart draws', () => {
    const parsed = parseMap({
      format: 'stallmap/map',
      version: 2,
      id: 'plain',
      title: 'Plain',
      steps: [
        { id: 'a', kind: 'start', label: 'In' },
        { id: 'b', kind: 'end', label: 'Out' },
      ],
      joins: [{ id: 'j1', from: 'a', to: 'b', label: 'emailed', waitMinutes: 120 }],
    });
    if (!parsed.ok) throw new Error('invalid');
    expect(mermaidLeavesOut(parsed.map, mermaidFile('Plain', mapToMermaid(parsed.map)))).toEqual([]);
  });
});
