import { memo, useCallback, useRef, type ReactElement } from 'react';
import { sameItems } from '../core/same-items';

/**
 * The boxes drawn from afar (FarSteps) are drawn in groups of this many elements: React goes
 * through every element it is handed on each render, and a change reaches one box or a few. In
 * groups, a render goes through the groups and the one or two holding what changed, not the
 * 1,000 boxes of a large map at fit view.
 */
const GROUP = 64;

/**
 * Cuts what a component draws into groups, each the same array as the last time it was cut while
 * its elements are the same: the function keeps the groups it returned last.
 */
export function useGrouping(): (elements: readonly ReactElement[]) => ReactElement[][] {
  const before = useRef<ReactElement[][]>([]);
  return useCallback((elements) => {
    const groups: ReactElement[][] = [];
    for (let at = 0; at < elements.length; at += GROUP) {
      const group = elements.slice(at, at + GROUP);
      const prior = before.current[groups.length];
      groups.push(prior && sameItems(prior, group) ? prior : group);
    }
    before.current = groups;
    return groups;
  }, []);
}

/** The groups inside one <svg>: a group React skips while its array is the one it drew. */
export function DrawnGroups({ groups }: { groups: readonly ReactElement[][] }) {
  // biome-ignore lint/suspicious/noArrayIndexKey: a group is its place in the list; what it draws carries its own keys.
  return groups.map((group, i) => <DrawnGroup key={i} elements={group} />);
}

const DrawnGroup = memo(function DrawnGroup({ elements }: { elements: ReactElement[] }) {
  return <g>{elements}</g>;
});
