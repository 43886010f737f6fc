import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson } from '../http/respond';
import type { Logger } from '../log';
import { bearerToken, refuseToken, requireToken } from './auth';
import { mapLinks } from './links';
import type { MapsApiDeps } from './maps';

/**
 * GET /api/maps/<id>/links: the map's three links, for its edit token only, so any editor can hand
 * out the review and view links from any browser. A review or view token, a wrong token and an
 * unknown map get the same 404 as on every route; a map created before the links were kept, 409.
 */
export async function getLinksRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const token = bearerToken(req);
  if (!token) return requireToken(res);
  const handed = await deps.access.handOut(mapId, token);
  if (!handed.ok && handed.reason === 'refused') return refuseToken(res);
  if (!handed.ok) return refuseLinksUnavailable(res, deps.log, 'GET /api/maps/<id>/links', 'handed out again');
  const origin = deps.linkOrigin(req);
  if (!origin) return sendError(res, 400, 'the Host header is missing or not a host name');
  sendJson(res, 200, { links: mapLinks(origin, mapId, handed.tokens) });
}

/** 409 for a map created before its review and view tokens were kept (sealed under the edit token): they can be neither handed out nor sealed again. */
export function refuseLinksUnavailable(res: ServerResponse, log: Logger, route: string, could: 'handed out again' | 'replaced'): void {
  log.warn('http.refused', { route, reason: 'links-unavailable', status: 409 });
  sendError(
    res,
    409,
    `this map was created before links could be ${could}; its review and view links are only in the browser that created it (or export this map and import it as a new map, which gets new links)`,
    { code: 'links-unavailable' },
  );
}
