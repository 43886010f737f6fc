/** A command's flags and positionals, parsed strictly: an unknown flag is a usage error, never ignored. */

export interface FlagSpec {
  /** Placeholder in the usage line, e.g. FILE. */
  value: string;
  /** When set, the only values accepted. */
  choices?: readonly string[];
  description: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string>;
  help: boolean;
}

/** Wrong input on the command line or in the files it names: exit 2, no stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The usage line to print under the message. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

export function parseArgs(argv: readonly string[], flags: Readonly<Record<string, FlagSpec>>, usage: string): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: {}, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.startsWith('--') ? splitOnce(arg.slice(2), '=') : [arg, undefined];
    const spec = flags[name];
    if (!spec || !arg.startsWith('--')) throw new UsageError(`unknown option '${arg}'`, usage);
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`option '--${name}' needs a value (${spec.value})`, usage);
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`option '--${name}' must be ${spec.choices.join(' or ')}, not '${value}'`, usage);
    }
    parsed.flags[name] = value;
  }
  return parsed;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
