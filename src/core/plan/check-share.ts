import { percent } from '../analyzer/text';
import { numberOption } from './targets';

/**
 * The share of the manual work a check must cost less than for `verification-exceeds-work` to
 * raise nothing: the lower of the rule's warning and error ratios, as the map's settings have
 * them. The 30-day gate and the rollout gate both hold a check to it, so the plan asks one thing
 * of one check.
 */
export function checkShare(options: Record<string, unknown> | undefined): number {
  return Math.min(numberOption(options, 'warningRatio', 0.5), numberOption(options, 'errorRatio', 1));
}

/** The share in words: "half", else "30%". */
export const shareWords = (share: number): string => (share === 0.5 ? 'half' : percent(share));
