import type { Step, Waiver } from '../model';
import type { Finding, WaiverReport } from './types';

/**
 * Steps that produce or judge the output: whose outcome must have a name on it, waiver or not;
 * each in the words the app names its kind (a leader read "an verification step").
 */
const ACCOUNTABLE_KINDS: ReadonlyMap<Step['kind'], string> = new Map([
  ['ai', 'an AI step'],
  ['approval', 'an approval step'],
  ['verification', 'a check step'],
]);

/**
 * Why a waiver of `rule` on `step` is refused, or undefined when it may be applied. Accountability
 * cannot be waived away: a missing owner on an ai, approval or verification step is exactly what
 * stalls a pilot, and a waiver would hide it from the plan. The review panel asks this before it
 * writes a waiver, so a reviewer is told why, instead of seeing the waiver silently ignored.
 */
export function waiverRefusal(rule: string, step: Pick<Step, 'kind'> | undefined): string | undefined {
  const kind = rule === 'no-accountable-owner' && step ? ACCOUNTABLE_KINDS.get(step.kind) : undefined;
  if (!kind) return undefined;
  return `Accountability cannot be waived: ${kind} needs a named owner who answers for its outcome. Name one instead.`;
}

/**
 * Applies waivers to findings: a waiver matches a finding by rule and first target, and the first
 * matching waiver is quoted. A refused waiver leaves its finding open; a waiver that matches no
 * finding is stale. Both are reported, so nothing accepted on the record goes unseen.
 */
export function applyWaivers(findings: Finding[], waivers: readonly Waiver[], stepById: ReadonlyMap<string, Step>): WaiverReport {
  const report: WaiverReport = { refused: [], stale: [] };
  if (waivers.length === 0) return report;
  const findingKeys = new Set(findings.map((f) => keyOf(f.rule, f.targets[0])));
  const byKey = new Map<string, Waiver>();
  for (const waiver of waivers) {
    const key = keyOf(waiver.rule, waiver.target);
    if (!findingKeys.has(key)) {
      report.stale.push(waiver);
      continue;
    }
    const why = waiverRefusal(waiver.rule, stepById.get(waiver.target));
    if (why) report.refused.push({ ...waiver, why });
    else if (!byKey.has(key)) byKey.set(key, waiver);
  }
  for (const finding of findings) {
    const waiver = byKey.get(keyOf(finding.rule, finding.targets[0]));
    if (!waiver) continue;
    finding.waived = true;
    finding.waiver = { reason: waiver.reason, by: waiver.by, at: waiver.at };
  }
  return report;
}

const keyOf = (rule: string, target: string | undefined) => `${rule}\n${target ?? ''}`;
