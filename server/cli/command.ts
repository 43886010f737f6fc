import type { FlagSpec, ParsedArgs } from './args';
import type { Io } from './io';

/**
 * One subcommand of `stallmap`. main.ts lists them in a table; adding a command (such as
 * `plan`) means writing one module that exports a Command and adding it to that table.
 */
export interface Command {
  name: string;
  /** One line for `stallmap --help`. */
  summary: string;
  /** The usage line, also printed under every usage error of the command. */
  usage: string;
  positionals: readonly string[];
  flags: Readonly<Record<string, FlagSpec>>;
  /** Returns the exit status; throws UsageError for input the user must fix (exit 2). */
  run(args: ParsedArgs, io: Io): number | Promise<number>;
}
