import type { DocStore } from '../storage/store';
import { ROLES, type Role } from './roles';
import { type HandedOutTokens, isSealedLinks, openLinks, type SealedLinks, sealLinks } from './sealed-links';
import { hashToken, newToken, sameDigest } from './tokens';

/**
 * Stored per map, under the map room's records: hashes of its three tokens, never the tokens; and
 * the review and view tokens sealed under a key only the edit token gives (sealed-links.ts).
 * Maps created before links could be handed out again have no `links`.
 */
interface AccessRecord {
  created: string;
  hashes: Record<Role, string>;
  links?: SealedLinks;
}

/** What an edit token gets back (handOut): the other two tokens, or why not. */
export type HandOut = { ok: true; tokens: Record<Role, string> } | { ok: false; reason: 'refused' | 'unavailable' };

const RECORD_KEY = 'access';
const MAX_TOKEN_LENGTH = 256;
// Compared against when the map is unknown (no SHA-256 digest is all zeros), so an unknown id
// costs the same work as a wrong token.
const NO_MAP: Record<Role, Buffer> = { edit: Buffer.alloc(32), review: Buffer.alloc(32), view: Buffer.alloc(32) };

function isAccessRecord(value: unknown): value is AccessRecord {
  const hashes = (value as AccessRecord | undefined)?.hashes;
  return typeof hashes === 'object' && hashes !== null && ROLES.every((role) => typeof hashes[role] === 'string');
}

/**
 * Tokens and roles of maps. A map exists for the outside world only once its access record is
 * stored, so the record is written last when a map is created.
 */
export class MapAccess {
  // Hashes are tiny and never change, so a bounded cache spares a database read per connection.
  private readonly cache = new Map<string, Record<Role, Buffer>>();

  constructor(
    private readonly store: DocStore,
    private readonly cacheSize = 10_000,
  ) {}

  /**
   * Issues one token per role and stores their hashes, and the review and view tokens sealed under
   * the edit token; no token is kept in the clear.
   */
  async create(mapId: string, created = new Date()): Promise<Record<Role, string>> {
    const tokens = { edit: newToken(), review: newToken(), view: newToken() };
    const record: AccessRecord = {
      created: created.toISOString(),
      hashes: {
        edit: hashToken(tokens.edit).toString('hex'),
        review: hashToken(tokens.review).toString('hex'),
        view: hashToken(tokens.view).toString('hex'),
      },
      links: sealLinks(mapId, tokens.edit, tokens),
    };
    await this.store.setRecord(mapId, RECORD_KEY, record);
    return tokens;
  }

  /** The role a token grants on a map; undefined alike for an unknown map and a wrong token. */
  async roleOf(mapId: string, token: string): Promise<Role | undefined> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
    const hashes = (await this.hashesOf(mapId)) ?? NO_MAP;
    const digest = hashToken(token);
    let found: Role | undefined;
    // No early exit: every role is compared, whichever matches.
    for (const role of ROLES) if (sameDigest(digest, hashes[role])) found = role;
    return found;
  }

  /**
   * All three tokens of a map, for its edit token only: any other token and an unknown map are
   * `refused` alike; `unavailable` when the map has no sealed links (created before they were kept)
   * or they do not open.
   */
  async handOut(mapId: string, token: string): Promise<HandOut> {
    if ((await this.roleOf(mapId, token)) !== 'edit') return { ok: false, reason: 'refused' };
    const record = (await this.store.getRecord(mapId, RECORD_KEY)) as AccessRecord | undefined;
    const opened: HandedOutTokens | undefined = isSealedLinks(record?.links) ? openLinks(mapId, token, record.links) : undefined;
    return opened ? { ok: true, tokens: { edit: token, ...opened } } : { ok: false, reason: 'unavailable' };
  }

  private async hashesOf(mapId: string): Promise<Record<Role, Buffer> | undefined> {
    const cached = this.cache.get(mapId);
    if (cached) return cached;
    const record = await this.store.getRecord(mapId, RECORD_KEY);
    if (!isAccessRecord(record)) return undefined;
    const hashes = {
      edit: Buffer.from(record.hashes.edit, 'hex'),
      review: Buffer.from(record.hashes.review, 'hex'),
      view: Buffer.from(record.hashes.view, 'hex'),
    };
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(mapId, hashes);
    return hashes;
  }
}
