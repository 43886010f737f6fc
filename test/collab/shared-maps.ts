import type { StallMap } from '../../src/core/model';
import { buildMap } from '../core/analyzer/build';

/** One step to edit (`work`, a human step with an owner and minutes) and the joins into and out of it, one of them a system join with a wait. */
export const oneStep = buildMap(
  [
    { id: 'in', kind: 'start' },
    { id: 'work', kind: 'human', label: 'Draft reply', owner: 'Ops', workMinutes: 5 },
    { id: 'out', kind: 'end' },
  ],
  [
    ['in', 'work'],
    ['work', 'out', { handoff: 'system', waitMinutes: 60 }],
  ],
);

const owned = { owner: 'Named owner' };

/**
 * Three approvals in a row after an AI draft: the "Approvals in a row" finding, whose fix folds
 * the join into the first approval on to the last and takes the other two out of the redesign.
 */
export const approvalChain = buildMap(
  [
    { id: 'in', kind: 'start' },
    { id: 'draft', kind: 'ai', workMinutes: 2, manualMinutes: 30, overrideRate: 0.05, ...owned },
    { id: 'a1', kind: 'approval', workMinutes: 10, waitMinutes: 60, ...owned },
    { id: 'a2', kind: 'approval', workMinutes: 15, waitMinutes: 480, ...owned },
    { id: 'a3', kind: 'approval', workMinutes: 20, waitMinutes: 1440, ...owned },
    { id: 'out', kind: 'end' },
  ],
  [
    ['in', 'draft', { handoff: 'system' }],
    ['draft', 'a1', { handoff: 'system' }],
    ['a1', 'a2', { handoff: 'system', waitMinutes: 30 }],
    ['a2', 'a3', { handoff: 'system' }],
    ['a3', 'out', { handoff: 'system' }],
  ],
);

/** `map` with a redesign that is a copy of today's state, as if it had been started before anyone opened the map. */
export const withRedesignCopy = (map: StallMap): StallMap => ({ ...map, version: 2, redesign: { steps: map.steps, joins: map.joins } });
