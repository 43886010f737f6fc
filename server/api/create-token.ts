import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from './auth';

/** The code in a 401's JSON, so the page knows to ask for the server's create token (not a map's). */
export const CREATE_TOKEN_REQUIRED = 'create-token-required';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * With STALLMAP_CREATE_TOKEN set (a private server), creating a map needs `Authorization: Bearer
 * <create token>`. Compared as SHA-256 hashes in constant time, so neither its length nor its
 * first characters can be timed. Undefined: allowed; otherwise the message of a 401.
 */
export function createTokenRefusal(req: IncomingMessage, createToken: string): string | undefined {
  if (!createToken) return undefined;
  const given = bearerToken(req);
  if (!given) return 'this server creates maps only with its create token: Authorization: Bearer <create token>';
  if (!timingSafeEqual(digest(given), digest(createToken))) return 'the create token is wrong';
  return undefined;
}
