import type { Join, Step } from '../model';
import { quote } from './text';

type Named = Pick<Step, 'kind' | 'label'>;

/**
 * Why a join counts as manual although it is marked otherwise ("counts as manual: it enters the
 * hand-off step 'Courier'"), or undefined when it counts as what it says. A hand-off step only
 * moves the item, by hand, so a join into or out of one is manual whatever it declares
 * (graph.ts, effectiveHandoff). The finding and the join's inspector say it in the same words.
 */
export function countsAsManualBecause(join: { handoff?: Join['handoff'] }, from: Named | undefined, to: Named | undefined): string | undefined {
  if ((join.handoff ?? 'manual') === 'manual') return undefined;
  if (to?.kind === 'handoff') return `counts as manual: it enters the hand-off step ${quote(to.label)}`;
  if (from?.kind === 'handoff') return `counts as manual: it leaves the hand-off step ${quote(from.label)}`;
  return undefined;
}
