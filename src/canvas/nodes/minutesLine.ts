import type { Step } from '../../core/model';
import { formatDuration } from '../../core/model/duration';

/** The small line of a step's numbers, as the canvas shows it ("work 30m · wait 2h"). */
export function minutesLine(step: Step): string[] {
  const parts: string[] = [];
  if (step.workMinutes !== undefined) parts.push(`work ${formatDuration(step.workMinutes)}`);
  if (step.waitMinutes !== undefined) parts.push(`wait ${formatDuration(step.waitMinutes)}`);
  if (step.kind === 'ai' && step.manualMinutes !== undefined) parts.push(`by hand ${formatDuration(step.manualMinutes)}`);
  if (step.kind === 'verification' && step.sampleRate !== undefined && step.sampleRate !== 1) parts.push(`checks ${Math.round(step.sampleRate * 100)}%`);
  return parts;
}
