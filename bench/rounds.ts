/**
 * Figures measured over several rounds, each round running every server in turn (relay-compare).
 * One round per server is one measurement; a summary gives the median of the rounds for each
 * figure, and a ratio between two servers as the median of their ratios round by round: both
 * ran in the same minutes, so a change in the machine's load falls on both alike, which a ratio
 * of two medians taken apart would not cancel.
 */

/** A round's figures (p50, p95, …), or why that round failed. */
export type Round = number[] | Error;

/** The middle value; of an even count, the mean of the two in the middle. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `servers` in the order of this round: reversed every other round, so that none always goes first. */
export const inTurn = <T>(servers: readonly T[], round: number): readonly T[] => (round % 2 === 0 ? servers : [...servers].reverse());

const isFigures = (round: Round): round is number[] => !(round instanceof Error);

/** The median of each figure over the rounds that did not fail; undefined if all failed. */
export function mediansOf(rounds: Round[]): number[] | undefined {
  const ok = rounds.filter(isFigures);
  if (ok.length === 0) return undefined;
  return ok[0].map((_, i) => median(ok.map((figures) => figures[i])));
}

/** The median over rounds of ours[i] / theirs[i], per figure, counting only rounds where both have a positive figure. */
export function pairedRatios(ours: Round[], theirs: Round[]): (number | undefined)[] {
  const width = ours.find(isFigures)?.length ?? 0;
  return Array.from({ length: width }, (_, i) => {
    const ratios: number[] = [];
    ours.forEach((round, r) => {
      const other = theirs[r];
      if (isFigures(round) && other && isFigures(other) && other[i] > 0 && !Number.isNaN(round[i])) ratios.push(round[i] / other[i]);
    });
    return ratios.length ? median(ratios) : undefined;
  });
}

/** How many of the rounds failed, as a note for a cell ('' if none). */
export function failedNote(rounds: Round[]): string {
  const failed = rounds.length - rounds.filter(isFigures).length;
  return failed === 0 ? '' : ` (${failed} of ${rounds.length} failed)`;
}
