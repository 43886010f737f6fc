/**
 * Lists sent to and from the analysis worker as a diff of the list sent before: an item the other
 * side already holds crosses as its index in the previous list, only the others as data. A map of
 * 5,000 steps is about 1 MB and its findings some 4 MB; one keystroke changes one step and a few
 * findings, so a structured clone of the whole of either, on the main thread, on every pause in
 * typing, was most of what the worker cost the page.
 *
 * A sender and its receiver stay in step because every list sent is received, in order (one worker,
 * one page; a new worker starts both afresh).
 */
export type WireList<T> = (T | number)[];

/** Sends lists whose unchanged items are the same objects (the store's steps and joins). */
export class SameObjectSender<T extends object> {
  private last = new Map<T, number>();

  encode(items: readonly T[]): WireList<T> {
    const at = new Map<T, number>();
    const out = items.map((item, i) => {
      at.set(item, i);
      return this.last.get(item) ?? item;
    });
    this.last = at;
    return out;
  }
}

/** Sends lists whose unchanged items are equal in content, each made anew (the analyzer's findings). */
export class SameContentSender<T> {
  private last = new Map<string, number>();

  encode(items: readonly T[]): WireList<T> {
    const at = new Map<string, number>();
    const out = items.map((item, i) => {
      const key = JSON.stringify(item);
      const prior = this.last.get(key);
      if (!at.has(key)) at.set(key, i);
      return prior ?? item;
    });
    this.last = at;
    return out;
  }
}

/** Rebuilds the lists a sender sent; an item unchanged since the last list is the very object received then. */
export class ListReceiver<T> {
  private last: readonly T[] = [];

  decode(wire: WireList<T>): T[] {
    const previous = this.last;
    const items = wire.map((entry) => (typeof entry === 'number' ? previous[entry] : entry));
    this.last = items;
    return items;
  }
}
