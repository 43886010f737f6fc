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
  // Any other failure (a full disk) is where the person sent the output, as with `--out`: exit 2.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`stallmap: cannot write the output: ${pathProblem(error)}\n`);
    process.exit(error.code === 'EPIPE' ? undefined : 2);
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

/** What went wrong with a path the user named, in words; the system's own message for anything rarer. */
const PATH_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

export const pathProblem = (error: unknown): string => PATH_PROBLEMS[(error as NodeJS.ErrnoException)?.code ?? ''] ?? (error as Error)?.message ?? String(error);

/** Reads a file the user named; a missing or unreadable file is a usage error naming it. */
export function readText(path: string, what: string, usage: string): string {
  try {
    return utf8.decode(readFileSync(path));
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${pathProblem(error)}`, usage);
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
