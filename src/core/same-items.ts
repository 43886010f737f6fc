/**
 * Whether two lists hold the same items (the same objects, or equal primitives) in the same
 * order: how the canvas and the store tell that nothing changed, so they can keep the list they
 * have and React and React Flow have nothing new to take in.
 */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
