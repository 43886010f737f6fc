import { useRef } from 'react';

/** One item of a list: its key, the values it is made from, and how to make it. */
export interface ListEntry<T> {
  key: string;
  inputs: readonly unknown[];
  make(): T;
}

/**
 * Builds a list whose items are made again only when a value they are made from changed (by
 * identity), and which is the very same array when no item changed. React Flow takes every node
 * and edge in again (its lookups of all the joins) whenever it is handed a new array: in the compare
 * view of a large map that was most of what a colleague's edit anywhere on the map cost.
 */
export function useStableList<T>(): (entries: Iterable<ListEntry<T>>) => T[] {
  const prior = useRef<{ list: T[]; made: Map<string, { inputs: readonly unknown[]; item: T }> }>({ list: [], made: new Map() });
  const build = useRef((entries: Iterable<ListEntry<T>>): T[] => {
    const { list: before, made } = prior.current;
    const next = new Map<string, { inputs: readonly unknown[]; item: T }>();
    const list: T[] = [];
    let same = true;
    for (const { key, inputs, make } of entries) {
      const old = made.get(key);
      const item = old && sameInputs(old.inputs, inputs) ? old.item : make();
      next.set(key, { inputs, item });
      if (before[list.length] !== item) same = false;
      list.push(item);
    }
    const kept = same && list.length === before.length ? before : list;
    prior.current = { list: kept, made: next };
    return kept;
  });
  return build.current;
}

const sameInputs = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
