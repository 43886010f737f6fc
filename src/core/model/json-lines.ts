import { formatPath } from './errors';

/**
 * The line of a JSON text on which each of its values starts, by its path as errors name it
 * (formatPath: `steps[37].owner`). An error in a file of thousands of lines that says only
 * `steps[37].owner` sends a person counting steps; with the line, their editor goes there. The
 * text must be JSON that parses. A map is a few levels deep; a text nested deeper than MAX_DEPTH
 * is no map, and gives no lines (walked, it would cost time that grows with the square of its depth).
 */
const MAX_DEPTH = 32;

export function valueLines(text: string): ReadonlyMap<string, number> {
  const lines = new Map<string, number>();
  let at = 0;
  let line = 1;
  const skipSpace = () => {
    for (; at < text.length; at++) {
      const char = text[at];
      if (char === '\n') line++;
      else if (char !== ' ' && char !== '\t' && char !== '\r') return;
    }
  };
  /** At a string's opening quote: past its closing one (JSON strings hold no raw line breaks), and what it says. */
  const readString = (): string => {
    const start = at;
    for (at++; text[at] !== '"'; at++) if (text[at] === '\\') at++;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const readValue = (path: PropertyKey[]) => {
    if (path.length > MAX_DEPTH) throw new RangeError('nested too deep');
    skipSpace();
    lines.set(formatPath(path), line);
    const char = text[at];
    if (char === '{' || char === '[') {
      const object = char === '{';
      at++;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text[at] === '}' || text[at] === ']') break;
        if (index > 0) at++; // the comma
        if (object) {
          skipSpace();
          const key = readString();
          skipSpace();
          at++; // the colon
          readValue([...path, key]);
        } else readValue([...path, index]);
      }
      at++;
    } else if (char === '"') readString();
    else while (at < text.length && !',]} \t\r\n'.includes(text[at])) at++;
  };
  try {
    readValue([]);
  } catch {
    return new Map();
  }
  return lines;
}

/** The line of the value at `path`, or else of the nearest value that holds it: a missing field is looked for in its step. */
export function lineOf(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  for (let at = path; ; ) {
    const found = lines.get(at);
    if (found !== undefined) return found;
    const holder = at.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (holder === at || holder === '') return undefined;
    at = holder;
  }
}
