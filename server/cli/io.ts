import { readFileSync } from 'node:fs';
import { UsageError } from './args';
import { printable } from './printable';

/** Where a command writes, and whether it may colour its text. Tests and the bin pass the real streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

export function processIo(): Io {
  // A reader that stops early (`stallmap plan map.json | head`) closes the pipe: the rest of the
  // output has nowhere to go, which is the reader's choice, not an error to print a stack for.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`stallmap: cannot write the output: ${error.message}\n`);
    process.exit(error.code === 'EPIPE' ? undefined : 3);
  });
  return {
    out: (text) => process.stdout.write(text),
    // Messages quote what a file held (a field's name, a value): never a terminal's commands.
    err: (text) => process.stderr.write(printable(text)),
    // https://no-color.org: any non-empty NO_COLOR turns colour off; pipes never get it.
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

/** UTF-8 as the encoding standard decodes it: a byte-order mark at the start (Notepad writes one) is dropped, as the page and the API drop it. */
const utf8 = new TextDecoder('utf-8');

/** Reads a file the user named; a missing or unreadable file is a usage error naming it. */
export function readText(path: string, what: string, usage: string): string {
  try {
    return utf8.decode(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot read ${what} ${path}: ${reason}`, usage);
  }
}

export function readJson(path: string, what: string, usage: string): unknown {
  const text = readText(path, what, usage);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`, usage);
  }
}
