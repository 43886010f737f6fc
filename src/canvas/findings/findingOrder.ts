import { type Finding, type Gate, SURFACES } from '../../core/analyzer';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Findings by what fixing each buys: the most lead time first, then the most staff minutes per
 * item; on a tie the more severe, then the analyzer's own order (the sort is stable).
 */
export function byImpact(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      b.impact.leadTimeMinutes - a.impact.leadTimeMinutes ||
      b.impact.staffMinutesPerItem - a.impact.staffMinutesPerItem ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
}

/**
 * Findings in the order the severity view lists them: by severity, worst first, then by failure
 * surface, in the analyzer's order within each.
 */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || SURFACES.indexOf(a.surface) - SURFACES.indexOf(b.surface));
}

/** How the findings list sorts (the store's `findingsOrder`). */
export type FindingsOrder = 'impact' | 'severity';

/** Findings in the order the findings list shows them, sorted as `order` says. */
export function inListOrder(findings: readonly Finding[], order: FindingsOrder): Finding[] {
  return order === 'impact' ? byImpact(findings) : bySeverity(findings);
}

/**
 * The open findings in the order the review walk visits them: the list's own, so "1 of 8" in the
 * review bar is the first card of the list (walking by severity while the list showed the most
 * lead time first, the walk started halfway down it).
 */
export function walkOrder(findings: readonly Finding[], order: FindingsOrder): Finding[] {
  return inListOrder(
    findings.filter((f) => !f.waived),
    order,
  );
}

const sameFinding = (gate: Pick<Gate, 'rule' | 'targets'>, finding: Finding) =>
  gate.rule === finding.rule && gate.targets.length === finding.targets.length && gate.targets.every((id, i) => id === finding.targets[i]);

/** The gate a finding is (1 or 2), or is joined to (Gate.also), if any: same rule, same targets. Waived findings never are. */
export function gateNumber(gates: readonly Gate[], finding: Finding): number | undefined {
  if (finding.waived) return undefined;
  const index = gates.findIndex((gate) => sameFinding(gate, finding) || gate.also?.some((also) => sameFinding(also, finding)));
  return index < 0 ? undefined : index + 1;
}

/** The open finding a gate was chosen from. */
export function findingOfGate(findings: readonly Finding[], gate: Gate): Finding | undefined {
  return findings.find((finding) => !finding.waived && sameFinding(gate, finding));
}
