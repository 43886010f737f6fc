import { errorText } from '../log';
import { redisLabel } from './redis-label';

/**
 * What Redis's replies mean for the servers, by their first word: each of these refuses every
 * write until someone acts on Redis, so the words say what to do there.
 */
const REFUSALS: Record<string, string> = {
  OOM: 'is out of memory (maxmemory reached) and refuses writes: raise its maxmemory or free memory there',
  READONLY: 'is a read-only replica and refuses writes: point STALLMAP_REDIS_URL at the primary',
  MISCONF: 'cannot write its AOF or snapshot and refuses writes (see its log: a full disk?)',
  LOADING: 'is still loading its data after a restart',
  NOAUTH: 'asks for a password: put it in STALLMAP_REDIS_URL (redis://:password@host:6379)',
  WRONGPASS: 'refuses the password or user in STALLMAP_REDIS_URL',
  NOPERM: 'does not let the user in STALLMAP_REDIS_URL run what the servers need',
};

/** ioredis's words for "no connection now" (offline queue off, a command in flight when it dropped, the socket's own errors). */
const UNREACHABLE = /enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND/;

/**
 * A failed Redis command in words an operator can act on, naming the Redis. ioredis's own
 * ("Stream isn't writeable and enableOfflineQueue options is false") and Redis's replies ("OOM
 * command not allowed when used memory > 'maxmemory'. script: f04b…, on @user_script:3.") say
 * neither what it means for the servers nor which Redis; these lines reach the log and /healthz.
 */
export function redisErrorText(error: unknown, url: string): string {
  const where = `Redis at ${redisLabel(url)}`;
  const text = errorText(error);
  const word = /^[A-Z]+/.exec(text)?.[0] ?? '';
  const refusal = REFUSALS[word];
  if (refusal) return word === 'MISCONF' ? `${where} ${refusal}: ${withoutScript(text)}` : `${where} ${refusal}`;
  if (UNREACHABLE.test(text)) return `${where} cannot be reached; the servers reconnect and the rooms refuse edits meanwhile`;
  return `${where}: ${withoutScript(text)}`;
}

/** Redis appends the failing script's hash and line to its replies: of no use to anyone reading the log. */
const withoutScript = (text: string) => text.replace(/\.?\s*script: [0-9a-f]+, on @user_script:\d+\.?$/, '');

/** A failed Redis command, its message in words (redisErrorText); the original is its cause. */
export class RedisFailure extends Error {
  constructor(error: unknown, url: string) {
    super(redisErrorText(error, url), { cause: error });
  }
}

/** Runs a Redis command (or several), failing with a RedisFailure in words. */
export async function inWords<T>(url: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw error instanceof RedisFailure ? error : new RedisFailure(error, url);
  }
}
