import { plural } from '../plural';
import type { StallMap } from './schema';

/** One kind of thing a map holds, in the words a facilitator uses: "owners", "3 comments". */
export interface Held {
  kind: string;
  words: string;
}

/**
 * What a map holds beyond its steps and joins, each kind once. A file that carries less than the
 * format (a Mermaid flowchart) or a map about to be replaced is compared by these kinds, so the
 * person is told what goes, not left to find out later.
 */
export function whatMapHolds(map: StallMap): Held[] {
  const { steps, joins } = map;
  // A field counts when it is set at all (a wait of 0 minutes is a wait someone measured).
  const some = <T>(items: readonly T[], field: (item: T) => unknown) => items.some((item) => field(item) !== undefined && field(item) !== false);
  const held: [string, boolean, string][] = [
    ['notes', map.description !== undefined || some(steps, (s) => s.description ?? s.notes) || some(joins, (j) => j.notes), 'descriptions and notes'],
    ['owners', some(steps, (s) => s.owner), 'owners'],
    ['performers', some(steps, (s) => s.performer), 'performers'],
    ['step-minutes', some(steps, (s) => s.workMinutes ?? s.waitMinutes ?? s.manualMinutes), 'the steps’ minutes'],
    ['rates', some(steps, (s) => s.overrideRate ?? s.sampleRate), 'override and sample rates'],
    ['verifies', some(steps, (s) => (s.verifies?.length ? true : undefined)), 'what each check verifies'],
    ['external', some(steps, (s) => s.external), 'external marks'],
    ['join-waits', some(joins, (j) => j.waitMinutes), 'the joins’ waits'],
    ['join-labels', some(joins, (j) => j.label), 'the joins’ labels'],
    ['shares', some(joins, (j) => j.share), 'the joins’ shares'],
    ['rework', some(joins, (j) => j.rework), 'rework marks'],
    ['volume', map.volumePerWeek !== undefined || map.costPerHour !== undefined, 'the volume and cost'],
    ['program', map.program !== undefined && Object.keys(map.program).length > 0, 'the program'],
    ['scores', map.assessment !== undefined && Object.keys(map.assessment).length > 0, 'the team’s scores'],
    ['settings', map.settings !== undefined && Object.keys(map.settings.rules ?? {}).length > 0, 'rule settings'],
    ['redesign', map.redesign !== undefined, 'the redesign'],
    ['comments', map.comments.length > 0, plural(map.comments.length, 'comment')],
    ['waivers', map.waivers.length > 0, plural(map.waivers.length, 'waiver')],
  ];
  return held.filter(([, has]) => has).map(([kind, , words]) => ({ kind, words }));
}

/** What `from` holds that `to` holds none of: what goes when `to` stands in for `from`. */
export function heldOnlyBy(from: StallMap, to: StallMap): Held[] {
  const kept = new Set(whatMapHolds(to).map((held) => held.kind));
  return whatMapHolds(from).filter((held) => !kept.has(held.kind));
}

/** "a, b and c". */
export function inWords(items: readonly Held[]): string {
  const words = items.map((item) => item.words);
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
