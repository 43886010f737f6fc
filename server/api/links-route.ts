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
  if (!handed.ok) return refuseLinksUnavailable(res, deps.log);
  const origin = deps.linkOrigin(req);
  if (!origin) return sendError(res, 400, 'the Host header is missing or not a host name');
  sendJson(res, 200, { links: mapLinks(origin, mapId, handed.tokens) });
}

/**
 * 409 for a map created before its review and view tokens were kept (sealed under the edit token):
 * they cannot be handed out, but an editor can make new ones (replace-link-route.ts), which are
 * kept from then on.
 */
function refuseLinksUnavailable(res: ServerResponse, log: Logger): void {
  log.warn('http.refused', { route: 'GET /api/maps/<id>/links', reason: 'links-unavailable', status: 409 });
  sendError(
    res,
    409,
    'this map was created before links could be handed out again; its review and view links are only in the browser that created it, or make new ones (POST /api/maps/<id>/links/review makes both anew; in the page, Share: "Make new review and view links")',
    { code: 'links-unavailable' },
  );
}
