/**
 * A start that failed on what the person gave it: a setting, a data directory or a Redis that
 * cannot be used. Thrown where that is found, so the server's exit status can tell it from a bug.
 */
export class SetupError extends Error {}

/**
 * Errors of `listen` that mean the address asked for cannot be had (taken, not this machine's,
 * not a host at all, a port below 1024 for an unprivileged user): the person's to change.
 */
const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'the port is in use (another server?)',
  EADDRNOTAVAIL: 'that address is not one of this machine',
  EACCES: 'not allowed to listen on that port (below 1024 needs privileges)',
  ENOTFOUND: 'that host is not an address or a name that resolves',
  EAI_AGAIN: 'that host name cannot be resolved now',
};

/** A failed `listen` as a SetupError naming the address, or the error as it was. */
export function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const problem = LISTEN_PROBLEMS[error.code ?? ''];
  if (!problem) return error;
  return new SetupError(`cannot listen on ${host || 'every interface'} port ${port}: ${problem}; choose another with --host/--port (HOST, PORT)`);
}

/**
 * The exit status of a server that could not start, as every `stallmap` command exits: 2 for
 * what the person must fix, 3 for anything else (a bug).
 */
export const startFailureStatus = (error: unknown): 2 | 3 => (error instanceof SetupError ? 2 : 3);
