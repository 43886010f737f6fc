import { formatDuration, type Step } from '../model';

/**
 * The small line of a step's numbers ("work 30m · wait 2h"), in parts: work, wait, by hand for an
 * AI step, the share checked for a check. One source for the canvas (StepNode, its size
 * estimate) and the pictures, so a step reads the same on screen and in an export.
 */
export function minutesParts(step: Step): string[] {
  const parts: string[] = [];
  if (step.workMinutes !== undefined) parts.push(`work ${formatDuration(step.workMinutes)}`);
  if (step.waitMinutes !== undefined) parts.push(`wait ${formatDuration(step.waitMinutes)}`);
  if (step.kind === 'ai' && step.manualMinutes !== undefined) parts.push(`by hand ${formatDuration(step.manualMinutes)}`);
  if (step.kind === 'verification' && step.sampleRate !== undefined && step.sampleRate !== 1) parts.push(`checks ${Math.round(step.sampleRate * 100)}%`);
  return parts;
}
