import type { Rule, RuleId, RuleMeta } from '../types';
import { approvalChain } from './approval-chain';
import { danglingStep } from './dangling-step';
import { humanJoin } from './human-join';
import { noAccountableOwner } from './no-accountable-owner';
import { overrideRate } from './override-rate';
import { unverifiedAiOutput } from './unverified-ai-output';
import { verificationExceedsWork } from './verification-exceeds-work';
import { workDidNotMove } from './work-did-not-move';

/** The registry, in RULE_IDS order (the order findings are listed in). */
export const rules: readonly Rule[] = [
  humanJoin,
  verificationExceedsWork,
  noAccountableOwner,
  unverifiedAiOutput,
  approvalChain,
  workDidNotMove,
  overrideRate,
  danglingStep,
];

const byId = new Map<string, Rule>(rules.map((rule) => [rule.meta.id, rule]));

/** A rule's meta (surface, default severity and options, why and fix) for the UI and the plan. */
export function ruleMeta(id: RuleId): RuleMeta<Record<string, unknown>>;
export function ruleMeta(id: string): RuleMeta<Record<string, unknown>> | undefined;
export function ruleMeta(id: string): RuleMeta<Record<string, unknown>> | undefined {
  return byId.get(id)?.meta;
}

/**
 * What a rule is called where people read it (the findings list, the review bar's disclosures, the
 * plan): "A person moves the work", not "human-join". An id no rule has (a waiver or setting typed
 * for a rule that does not exist) stays as written, so it is still disclosed.
 */
export function ruleName(id: string): string {
  return byId.get(id)?.meta.name ?? id;
}
