/**
 * Linear, stable sorts of indices by small integer keys. The analyzer orders thousands of steps,
 * joins and findings by their places in the map; a comparison sort of that many was a noticeable
 * part of an analysis, and these keys are bounded by the map's size.
 */

/** 0, 1, …, count − 1. */
export function identity(count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  return out;
}

/** `order` stably sorted by `key` of each entry, keys from −1 to size − 1: a counting sort. */
export function countingSort(order: Int32Array, key: Int32Array, size: number): Int32Array {
  const start = new Int32Array(size + 2);
  for (const i of order) start[key[i] + 2] += 1;
  for (let k = 1; k < size + 2; k++) start[k] += start[k - 1];
  const sorted = new Int32Array(order.length);
  for (const i of order) sorted[start[key[i] + 1]++] = i;
  return sorted;
}
