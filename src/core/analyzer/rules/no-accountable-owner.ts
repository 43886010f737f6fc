import { stepName } from '../graph';
import type { Rule } from '../types';

type Options = { placeholders: string[] };

const DECIDING_KINDS = new Set(['ai', 'approval', 'verification']);

/** Owners that name nobody, compared trimmed and case-insensitively. */
export const PLACEHOLDER_OWNERS = ['tbd', 'tba', '?', 'n/a', 'none', 'unknown', 'everyone', 'all', 'team', 'the team'];

/** The named owner, trimmed, or undefined when there is none or it names nobody. */
export function accountableName(owner: string | undefined, placeholders: readonly string[] = PLACEHOLDER_OWNERS): string | undefined {
  const name = owner?.trim() ?? '';
  return name === '' || placeholders.some((p) => p.trim().toLowerCase() === name.toLowerCase()) ? undefined : name;
}

/** The fix model's service level for an owned step's queue: one day. */
const OWNED_QUEUE_MINUTES = 1440;

/**
 * A work step with nobody accountable: no owner, a blank one, or a placeholder that names
 * nobody (compared trimmed and case-insensitively). Errors on the steps that produce or judge
 * the output (`ai`, `approval`, `verification`), warnings on the other work steps.
 */
export const noAccountableOwner: Rule<Options> = {
  meta: {
    id: 'no-accountable-owner',
    surface: 'workflow',
    defaultSeverity: 'error',
    defaultOptions: { placeholders: PLACEHOLDER_OWNERS },
    name: 'Nobody owns the step',
    why: 'When the output is wrong and no name is on the step, nobody fixes it and nobody can approve the change that would fix it: pilots stall waiting for an owner.',
    fix: 'Name one person or role who answers for the step’s outcome (not the performer by default, and not a team).',
    fixModel: 'A named owner gives the step’s queue a one-day service level: its wait is at most 1,440 min (1 d). Not on an external step, whose queue is not the organisation’s to set.',
  },
  check({ graph }, report, { placeholders }) {
    const nobody = new Set(placeholders.map((p) => p.trim().toLowerCase()));
    graph.steps.forEach((step, i) => {
      if (step.kind === 'start' || step.kind === 'end') return;
      const owner = step.owner?.trim() ?? '';
      const placeholder = owner !== '' && nobody.has(owner.toLowerCase());
      if (owner !== '' && !placeholder) return;
      report({
        targets: [step.id],
        severity: DECIDING_KINDS.has(step.kind) ? 'error' : 'warning',
        // An outside party (a payer, a regulator) keeps its own queue whoever answers for the step
        // here; a queue of a day or less the service level leaves as it is. Either way the fix
        // model changes no number, so there is nothing to apply (or to show as applied) in a redesign.
        ...(step.external || (step.waitMinutes ?? 0) <= OWNED_QUEUE_MINUTES ? {} : { fix: { steps: [{ id: step.id, waitMinutes: OWNED_QUEUE_MINUTES }], joins: [] } }),
        message: placeholder
          ? `${stepName(graph, i)} is owned by '${owner}', which names nobody`
          : `${stepName(graph, i)} has no accountable owner`,
        evidence: { owner: step.owner ?? null, kind: step.kind },
      });
    });
  },
};
