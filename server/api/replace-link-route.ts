import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson } from '../http/respond';
import { ROLES, type Role } from '../maps/roles';
import { bearerToken, refuseToken, requireToken } from './auth';
import { mapLinks } from './links';
import type { MapsApiDeps } from './maps';

const ROUTE = 'POST /api/maps/<id>/links/<role>';

/**
 * POST /api/maps/<id>/links/<role>: replaces the map's edit, review or view link, for its edit
 * token only. The old token opens nothing from then on, on every server: the API and new sockets
 * refuse it as they refuse any wrong token (404, 4403), and the sockets open on it are closed
 * (4410, held-links.ts). 200 with all three links, the new one among them (when the edit link was
 * replaced, the caller's own token is the old one), and `replaced`: the roles whose links are new
 * (for a map made before its links were kept, its review and view links both: access.ts). Refused
 * as GET …/links refuses a wrong token; over the address's allowance, 429 (link-replacements.ts).
 */
export async function replaceLinkRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string, role = ''): Promise<void> {
  const token = bearerToken(req);
  if (!token) return requireToken(res);
  const { addr, retryAfter } = deps.linkReplacements.take(req);
  if (retryAfter !== undefined) {
    deps.log.warn('http.limit', { route: ROUTE, limit: 'address-link-replacements', status: 429, addr });
    const perHour = deps.linkReplacements.settings.addressLinkReplacementsPerHour;
    return sendError(res, 429, `too many links replaced from your address (at most ${perHour} an hour); try again in ${retryAfter} s`, { code: 'rate-limited', retryAfter }, { 'Retry-After': String(retryAfter) });
  }
  // Before anything is replaced: a new link that could not be built would be lost to everyone.
  const origin = deps.linkOrigin(req);
  if (!origin) return sendError(res, 400, 'the Host header is missing or not a host name');
  if (!isRole(role)) return refuseToken(res);
  const replaced = await deps.access.replace(mapId, token, role);
  if (!replaced.ok) return refuseToken(res);
  deps.log.info('links.replaced', { map: mapId, roles: replaced.replaced.join(','), addr });
  deps.linksReplaced(mapId);
  sendJson(res, 200, { links: mapLinks(origin, mapId, replaced.tokens), replaced: replaced.replaced });
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
