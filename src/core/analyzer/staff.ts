import type { Step } from '../model';
import { checkedSteps } from './checks';
import type { Flow } from './flow';
import type { Graph } from './graph';

/**
 * Minutes of people's hands-on work per item: the work of `human`, `approval`, `verification`
 * (× its sample rate) and `handoff` steps, each times the visits an item makes to it (flow.ts).
 *
 * Before AI: the same, had people done each `ai` step's work by hand (its manualMinutes), and
 * without the work the AI created: the checks of AI output and the hand-off steps that carry an
 * AI step's output on (re-keying, pasting). The difference is the labour the AI really saves.
 */
export interface StaffMinutes {
  perItem: number;
  beforeAi: number;
  /** Per step: 1 where the step only exists because of AI output (a check of it, or its re-keying). */
  createdByAi: Uint8Array;
}

/** The kinds of step whose work people do. */
export const STAFF_KINDS: ReadonlySet<Step['kind']> = new Set(['human', 'approval', 'verification', 'handoff']);

const UNCHANGED = Object.freeze({});

/** A step's hands-on minutes per visit, from its fields (a fix model's changed fields included). */
export function handsOnMinutes(step: Step, fields: { workMinutes?: number; sampleRate?: number } = UNCHANGED): number {
  if (!STAFF_KINDS.has(step.kind)) return 0;
  const work = fields.workMinutes ?? step.workMinutes ?? 0;
  return step.kind === 'verification' ? work * (fields.sampleRate ?? step.sampleRate ?? 1) : work;
}

export function staffMinutes(graph: Graph, flow: Flow): StaffMinutes {
  const createdByAi = aiCreatedWork(graph);
  let perItem = 0;
  let beforeAi = 0;
  graph.steps.forEach((step, s) => {
    const visits = flow.visits[s];
    if (visits <= 0) return;
    const minutes = handsOnMinutes(step) * visits;
    perItem += minutes;
    if (step.kind === 'ai') beforeAi += (step.manualMinutes ?? 0) * visits;
    else if (!createdByAi[s]) beforeAi += minutes;
  });
  return { perItem, beforeAi, createdByAi };
}

function aiCreatedWork(graph: Graph): Uint8Array {
  const created = new Uint8Array(graph.stepCount);
  const checked = checkedSteps(graph);
  graph.steps.forEach((step, s) => {
    if (step.kind === 'verification') {
      if (checked(s).some((c) => graph.steps[c].kind === 'ai')) created[s] = 1;
    } else if (step.kind === 'handoff') {
      for (let k = graph.inStart[s]; k < graph.inStart[s + 1]; k++) {
        if (graph.steps[graph.from[graph.inJoins[k]]].kind === 'ai') created[s] = 1;
      }
    }
  });
  return created;
}
