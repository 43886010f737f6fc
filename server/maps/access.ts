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

/** What an edit token gets back (handOut, replace): all three tokens, or why not. */
export type HandOut = { ok: true; tokens: Record<Role, string> } | { ok: false; reason: 'refused' | 'unavailable' };

/** What a replacement gives back: all three tokens, and the roles whose links are new; or why not. */
export type Replaced = { ok: true; tokens: Record<Role, string>; replaced: Role[] } | { ok: false; reason: 'refused' };

/** Which role a token's digest grants on a map as its record now stands; undefined: none (replaced, or never). */
export type GrantOf = (digest: Buffer) => Role | undefined;

const RECORD_KEY = 'access';
/** Replacements racing on one map (from several servers) are each tried again this often before giving up. */
const SWAP_ATTEMPTS = 8;
const MAX_TOKEN_LENGTH = 256;
// Compared against when the map is unknown (no SHA-256 digest is all zeros), so an unknown id
// costs the same work as a wrong token.
const NO_MAP: Record<Role, Buffer> = { edit: Buffer.alloc(32), review: Buffer.alloc(32), view: Buffer.alloc(32) };

function isAccessRecord(value: unknown): value is AccessRecord {
  const hashes = (value as AccessRecord | undefined)?.hashes;
  return typeof hashes === 'object' && hashes !== null && ROLES.every((role) => typeof hashes[role] === 'string');
}

const hashesOfRecord = (record: AccessRecord): Record<Role, Buffer> => ({
  edit: Buffer.from(record.hashes.edit, 'hex'),
  review: Buffer.from(record.hashes.review, 'hex'),
  view: Buffer.from(record.hashes.view, 'hex'),
});

/** The role whose hash is `digest`. No early exit: every role is compared, whichever matches. */
function roleOfDigest(digest: Buffer, hashes: Record<Role, Buffer>): Role | undefined {
  let found: Role | undefined;
  for (const role of ROLES) if (sameDigest(digest, hashes[role])) found = role;
  return found;
}

/**
 * Tokens and roles of maps. A map exists for the outside world only once its access record is
 * stored, so the record is written last when a map is created.
 */
export class MapAccess {
  // Hashes are tiny and change only when a link is replaced, so a bounded cache spares a database
  // read per connection. A replacement here updates it; one on another server sharing the store
  // must be heard of (forget), and while such news cannot be heard, nothing more is cached (trustCache).
  private readonly cache = new Map<string, Record<Role, Buffer>>();
  /** Counts what made the cache forget, so a read that began before is not cached after (the old hashes would stay). */
  private forgotten = 0;
  private cacheTrusted = true;

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
    return roleOfDigest(hashToken(token), (await this.hashesOf(mapId)) ?? NO_MAP);
  }

  /**
   * What each token grants on a map now, read from the store (never the cache): what the sync
   * server checks its open sockets against once the map's links were replaced. Undefined when the
   * map has no access record (any more: its storage lost it).
   */
  async grantsNow(mapId: string): Promise<GrantOf | undefined> {
    const record = await this.store.getRecord(mapId, RECORD_KEY);
    if (!isAccessRecord(record)) return undefined;
    const hashes = hashesOfRecord(record);
    return (digest) => roleOfDigest(digest, hashes);
  }

  /**
   * Replaces one of a map's links, for its edit token only: a new token for `role`, its hash stored
   * in place of the old one (which opens nothing from then on), the review and view tokens sealed
   * again (under the new edit token, when that is the one replaced). A map made before its links
   * were kept (0.1.0) has its review and view tokens nowhere the server can read them: both are
   * made anew with the one asked for, and sealed from then on, so that its editors can hand them
   * out again. Answers all three tokens and the roles made anew, or `refused` as handOut does.
   * Written only if the record is still as read (swapRecord), else read and tried again, so that
   * replacements racing on several servers all hold.
   */
  async replace(mapId: string, token: string, role: Role): Promise<Replaced> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'refused' };
    for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt += 1) {
      const record = await this.store.getRecord(mapId, RECORD_KEY);
      const hashes = isAccessRecord(record) ? hashesOfRecord(record) : NO_MAP;
      if (roleOfDigest(hashToken(token), hashes) !== 'edit' || !isAccessRecord(record)) return { ok: false, reason: 'refused' };
      const opened = isSealedLinks(record.links) ? openLinks(mapId, token, record.links) : undefined;
      const replaced: Role[] = opened ? [role] : ROLES.filter((r) => r === role || r !== 'edit');
      const tokens: Record<Role, string> = { edit: token, review: '', view: '', ...opened };
      const next: AccessRecord = { ...record, hashes: { ...record.hashes } };
      for (const r of replaced) {
        tokens[r] = newToken();
        next.hashes[r] = hashToken(tokens[r]).toString('hex');
      }
      next.links = sealLinks(mapId, tokens.edit, tokens);
      if (await this.store.swapRecord(mapId, RECORD_KEY, record, next)) {
        this.forget(mapId);
        return { ok: true, tokens, replaced };
      }
    }
    throw new Error(`the links of map ${mapId} kept changing while one was being replaced`);
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

  /** The map's links changed (replaced here, or on another server): read them again. Before any await, so a read already under way is not cached. */
  forget(mapId: string): void {
    this.forgotten += 1;
    this.cache.delete(mapId);
  }

  /**
   * Whether another server's replacements are heard now (link-changes.ts). While they may go
   * unheard, what is cached still serves (Redis may be down: no link can be replaced then, and the
   * pages on this server get a room that says its storage is failing, not a refused link), but
   * nothing more is cached; once heard again, all of it is read anew, as something may have been
   * missed (the caller checks the open sockets again too).
   */
  trustCache(trusted: boolean): void {
    this.cacheTrusted = trusted;
    if (!trusted) return;
    this.forgotten += 1;
    this.cache.clear();
  }

  private async hashesOf(mapId: string): Promise<Record<Role, Buffer> | undefined> {
    const cached = this.cache.get(mapId);
    if (cached) return cached;
    const forgottenBefore = this.forgotten;
    const record = await this.store.getRecord(mapId, RECORD_KEY);
    if (!isAccessRecord(record)) return undefined;
    const hashes = hashesOfRecord(record);
    if (!this.cacheTrusted || forgottenBefore !== this.forgotten) return hashes;
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(mapId, hashes);
    return hashes;
  }
}
