import type { Join, Step } from '../core/model';
import { formatDuration } from '../core/model/duration';
import { KIND_STYLES, OWNED_KINDS } from './nodes/kinds';

const HANDOFF_WORDS = { system: 'system hand-off, no person', manual: 'manual hand-off', meeting: 'waits for a meeting' } as const;

/** What a screen reader says for a step: "AI step: Draft reply, owner Ana, work 30m". */
export function stepAriaLabel(step: Step): string {
  const parts = [`${KIND_STYLES[step.kind].label} step: ${step.label}`];
  if (OWNED_KINDS.has(step.kind)) parts.push(step.owner?.trim() ? `owner ${step.owner.trim()}` : 'no owner');
  if (step.workMinutes !== undefined) parts.push(`work ${formatDuration(step.workMinutes)}`);
  if (step.waitMinutes !== undefined) parts.push(`wait ${formatDuration(step.waitMinutes)}`);
  if (step.kind === 'ai' && step.manualMinutes !== undefined) parts.push(`by hand ${formatDuration(step.manualMinutes)}`);
  return parts.join(', ');
}

/** What a screen reader says for a join: "Join from Draft reply to Review, manual hand-off, wait 1d". */
export function joinAriaLabel(join: Join, labelOf: (id: string) => string): string {
  const parts = [`Join from ${labelOf(join.from)} to ${labelOf(join.to)}`, HANDOFF_WORDS[join.handoff]];
  if (join.label) parts.push(join.label);
  if (join.waitMinutes) parts.push(`wait ${formatDuration(join.waitMinutes)}`);
  if (join.rework) parts.push('sends work back');
  return parts.join(', ');
}
