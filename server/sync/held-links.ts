import { errorText, type Logger } from '../log';
import type { GrantOf, MapAccess } from '../maps/access';
import type { Role } from '../maps/roles';
import { hashToken } from '../maps/tokens';
import { CLOSE_CODES } from './close-codes';

/** One sync socket as the links it holds see it: from its upgrade until it closes. */
export interface HeldLink {
  /** Called once the socket is let in: the role its token granted, and what ends it. */
  admitted(role: Role, close: (code: number, reason: string) => void): void;
  /** The socket is gone (closed, or refused): nothing to check any more. */
  release(): void;
}

interface Holder {
  /** The token's digest: what the map's record is checked against, the token itself is not kept. */
  digest: Buffer;
  role?: Role;
  close?: (code: number, reason: string) => void;
  /** The map's links were checked while this socket's token was: it is checked again once it is in. */
  recheck?: boolean;
}

/**
 * Every sync socket on this server, by map and by the token it came with, so that a replaced link
 * stops working at once for the people already on it: when a map's links change (here, or on
 * another server: link-changes.ts), each socket whose token no longer grants the role it was let
 * in with is closed (4410), out of its room first, so it reads and writes nothing more. A socket
 * still being authenticated then may have read the record before the change: it is checked
 * again as soon as it is in.
 */
export class HeldLinks {
  private readonly byMap = new Map<string, Set<Holder>>();

  constructor(
    private readonly access: MapAccess,
    private readonly log: Logger,
  ) {}

  /** A socket for `mapId` with `token`, from before its token is checked. */
  hold(mapId: string, token: string): HeldLink {
    const holder: Holder = { digest: hashToken(token) };
    let holders = this.byMap.get(mapId);
    if (!holders) {
      holders = new Set();
      this.byMap.set(mapId, holders);
    }
    holders.add(holder);
    return {
      admitted: (role, close) => {
        holder.role = role;
        holder.close = close;
        if (holder.recheck) void this.check(mapId);
      },
      release: () => {
        holders.delete(holder);
        if (holders.size === 0 && this.byMap.get(mapId) === holders) this.byMap.delete(mapId);
      },
    };
  }

  /** The map's links changed: closes every socket whose token no longer grants what it was let in with. */
  async check(mapId: string): Promise<void> {
    const holders = this.byMap.get(mapId);
    if (!holders) return;
    for (const holder of holders) if (!holder.role) holder.recheck = true;
    let grantOf: GrantOf | undefined;
    try {
      grantOf = await this.access.grantsNow(mapId);
    } catch (error) {
      // Unable to tell who still may: everyone reconnects, and is let in again only as the record says.
      this.log.error('links.check-failed', { map: mapId, error: errorText(error) });
      for (const holder of holders) holder.close?.(CLOSE_CODES.SERVER_ERROR, 'storage error');
      return;
    }
    let closed = 0;
    for (const holder of holders) {
      if (!holder.role || !holder.close || grantOf?.(holder.digest) === holder.role) continue;
      // A map whose record is gone (its storage lost it) is refused as any unknown map is; a link replaced says so.
      if (grantOf) holder.close(CLOSE_CODES.LINK_REPLACED, `the ${holder.role} link was replaced`);
      else holder.close(CLOSE_CODES.DENIED, 'access denied');
      holder.close = undefined;
      closed += 1;
    }
    if (closed > 0) this.log.info('links.replaced-closed', { map: mapId, closed });
  }

  /** Replacements may have gone unheard (link-changes.ts): every map with sockets here is checked. */
  async checkAll(): Promise<void> {
    await Promise.all([...this.byMap.keys()].map((mapId) => this.check(mapId)));
  }
}
