import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A map's review and view tokens, encrypted (AES-256-GCM) under a key only its edit token gives:
 * stored with the access record, so any editor can be handed the other two links from any browser,
 * while a copy of the data directory still hands out nothing (the edit token is stored only hashed).
 * The edit token is 192 random bits, so HKDF is the right derivation (no slow password hash needed).
 */
export interface SealedLinks {
  /** base64url: 12-byte nonce, ciphertext, 16-byte tag. A key serves one map and one sealing. */
  iv: string;
  data: string;
  tag: string;
}

export interface HandedOutTokens {
  review: string;
  view: string;
}

const INFO = 'stallmap links';
const B64URL = /^[A-Za-z0-9_-]+$/;

/** HKDF-SHA256 of the edit token; the map id as salt, so one token's key never opens another map's record. */
function keyFor(mapId: string, editToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(editToken, 'utf8'), Buffer.from(mapId, 'utf8'), INFO, 32));
}

export function sealLinks(mapId: string, editToken: string, tokens: HandedOutTokens): SealedLinks {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(mapId, editToken), iv);
  // The map id as associated data too: a record moved onto another map does not open there.
  cipher.setAAD(Buffer.from(mapId, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify({ review: tokens.review, view: tokens.view }), 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64url'), data: data.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') };
}

/** The tokens, or undefined when the record does not open with this key (another token, or a damaged record). */
export function openLinks(mapId: string, editToken: string, sealed: SealedLinks): HandedOutTokens | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(mapId, editToken), Buffer.from(sealed.iv, 'base64url'), {
      // A full tag only: a shortened one would be easier to forge.
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(mapId, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64url')), decipher.final()]).toString('utf8');
    const tokens = JSON.parse(text) as Partial<HandedOutTokens>;
    return typeof tokens.review === 'string' && typeof tokens.view === 'string' ? { review: tokens.review, view: tokens.view } : undefined;
  } catch {
    return undefined;
  }
}

export function isSealedLinks(value: unknown): value is SealedLinks {
  const sealed = value as SealedLinks | undefined;
  return (
    typeof sealed === 'object' &&
    sealed !== null &&
    [sealed.iv, sealed.data, sealed.tag].every((part) => typeof part === 'string' && part.length <= 1024 && B64URL.test(part))
  );
}
