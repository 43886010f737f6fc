import { UsageError, parseArgs } from './args';
import { analyzeCommand } from './analyze';
import type { Command } from './command';
import { exportAllCommand, importAllCommand } from './backup-commands';
import { type Io, processIo } from './io';
import { planCommand } from './plan';
import { serveCommand } from './serve';
import { packageVersion } from './version';

/**
 * The command table. A command is one module exporting a Command (analyze.ts, plan.ts), listed
 * here; help and errors come for free.
 */
export const commands: readonly Command[] = [analyzeCommand, planCommand, serveCommand, exportAllCommand, importAllCommand];

const HINT = "Run 'stallmap --help' for usage.";

export function helpText(): string {
  const lines = ['stallmap: find where the workflow around an AI pilot still stalls', '', 'Usage:'];
  for (const command of commands) lines.push(`  ${command.usage}`, `      ${command.summary}`, ...flagLines(command, '      '));
  lines.push('  stallmap --help', "      Print this help; after a command, that command's usage and flags", '  stallmap --version', '      Print the version of stallmap', '');
  return lines.join('\n');
}

/** `stallmap <command> --help`: the same as that command's part of `stallmap --help`, flags included. */
export function commandHelpText(command: Command): string {
  return [`Usage: ${command.usage}`, command.summary, ...flagLines(command, '  '), ''].join('\n');
}

/** A command's flags, one a line, their descriptions aligned. */
function flagLines(command: Command, indent: string): string[] {
  const flags = Object.entries(command.flags).map(([name, flag]) => [`--${name} ${flag.value}`, flag.description]);
  const width = Math.max(0, ...flags.map(([usage]) => usage.length));
  return flags.map(([usage, description]) => `${indent}${usage.padEnd(width)}  ${description}`);
}

/** Runs one command line; returns the exit status. Never throws: a stack trace is not an error message. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      (name === undefined ? io.err : io.out)(helpText());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${packageVersion()}\n`);
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) {
      const known = commands.map((c) => c.name).join(', ');
      throw new UsageError(`unknown command '${name}' (commands: ${known})`);
    }
    const args = parseArgs(rest, command.flags, command.usage);
    if (args.help) {
      io.out(commandHelpText(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`stallmap: ${error.message}\n${error.usage ? `Usage: ${error.usage}  (stallmap --help for more)` : HINT}\n`);
      return 2;
    }
    io.err(`stallmap: internal error: ${(error as Error)?.message ?? String(error)}\nPlease report it with the map that caused it.\n`);
    return 3;
  }
}
