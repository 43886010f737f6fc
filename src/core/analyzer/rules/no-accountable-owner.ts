import { stepName } from '../graph';
import type { Rule } from '../types';

type Options = { placeholders: string[] };

const DECIDING_KINDS = new Set(['ai', 'approval', 'verification']);

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
    defaultOptions: {
      placeholders: ['tbd', 'tba', '?', 'n/a', 'none', 'unknown', 'everyone', 'all', 'team', 'the team'],
    },
    why: 'When the output is wrong and no name is on the step, nobody fixes it and nobody can approve the change that would fix it: pilots stall waiting for an owner.',
    fix: 'Name one person or role who answers for the step’s outcome (not the performer by default, and not a team).',
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
        message: placeholder
          ? `${stepName(graph, i)} is owned by '${owner}', which names nobody`
          : `${stepName(graph, i)} has no accountable owner`,
        evidence: { owner: step.owner ?? null, kind: step.kind },
      });
    });
  },
};
