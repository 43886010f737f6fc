/**
 * How deeply a JSON text nests arrays and objects, read without parsing it. The map format nests
 * five levels at most, but rule options take any JSON, and Yjs (and structuredClone) recurse once
 * per level: an import nested 10,000 deep overflowed the stack on the way to the doc (a 500).
 */
export const MAX_JSON_DEPTH = 32;

export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
