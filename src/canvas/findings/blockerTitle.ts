import type { Gate, Triage } from '../../core/analyzer';
import { isolated } from '../presence/isolated';

/**
 * The summary line's tooltip: the triage's sentence and who must act on the first gate. The
 * owner's name is typed by a person, in any script: isolated, a right-to-left name does not take
 * the role and the action after it into its own order.
 */
export function blockerTitle(triage: Pick<Triage, 'sentence'>, gate: Pick<Gate, 'owner'> | undefined): string {
  if (!gate) return triage.sentence;
  const { name, role, action } = gate.owner;
  return name ? `${triage.sentence} ${isolated(name)} (${role}) must ${action}.` : `${triage.sentence} ${action}.`;
}
