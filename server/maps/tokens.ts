import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 96 random bits: an id that cannot be guessed or enumerated, and fits the map format's id rule. */
export const newMapId = () => randomBytes(12).toString('base64url');

/** 192 random bits per role link. */
export const newToken = () => randomBytes(24).toString('base64url');

/** Only this hash of a token is stored (the review and view tokens also sealed under the edit token: sealed-links.ts), so a copy of the data directory does not hand out the links. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Constant-time comparison of two digests (timingSafeEqual needs equal lengths). */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Ids as we issue them: a cheap check before touching storage with whatever a URL holds. */
export const MAP_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
