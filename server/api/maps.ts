import type { IncomingMessage, ServerResponse } from 'node:http';
import { analyze } from '../../src/core/analyzer';
import { readJsonBody } from '../http/body';
import { planMarkdown } from '../../src/core/plan';
import { sendError, sendJson, sendText } from '../http/respond';
import type { MapAccess } from '../maps/access';
import { initialMap } from '../maps/create';
import { readStoredMap, storeNewMap } from '../maps/documents';
import { permissionsOf } from '../maps/roles';
import { newMapId } from '../maps/tokens';
import type { Logger } from '../log';
import type { Settings } from '../settings';
import type { DocStore } from '../storage/store';
import type { Rooms } from '../sync/rooms';
import { authorize } from './auth';
import { mapLinks, requestHost } from './links';

export interface MapsApiDeps {
  store: DocStore;
  access: MapAccess;
  rooms: Rooms;
  limits: Pick<Settings, 'maxBodyBytes' | 'maxSteps' | 'maxJoins'>;
  log: Logger;
}

/** POST /api/maps: import a map, start from a template, or start empty. 201 with the three links. */
export async function createMapRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps): Promise<void> {
  const host = requestHost(req);
  if (!host) return sendError(res, 400, 'the Host header is missing or not a host name');
  const { maxBodyBytes, maxSteps, maxJoins } = deps.limits;
  const body = await readJsonBody(req, maxBodyBytes);
  if (!body.ok) {
    if (body.limit) deps.log.warn('http.limit', { route: 'POST /api/maps', limit: body.limit, status: body.status });
    // An unread body must not be parsed as the next request on this connection.
    if (body.status === 413) res.setHeader('Connection', 'close');
    return sendError(res, body.status, body.message, body.status === 413 ? {} : { errors: [{ path: '(JSON)', message: body.message }] });
  }
  const id = newMapId();
  const initial = initialMap(body.value, id);
  if (!initial.ok) {
    const details = initial.templates ? { errors: initial.errors, templates: initial.templates } : { errors: initial.errors };
    return sendError(res, 400, 'not a valid map', details);
  }
  // The same limits as a room's (size-guard.ts): a map the server would not let anyone grow to.
  const { steps, joins } = initial.map;
  if (steps.length > maxSteps || joins.length > maxJoins) {
    deps.log.warn('http.limit', { route: 'POST /api/maps', limit: 'map', steps: steps.length, joins: joins.length, status: 413 });
    return sendError(res, 413, `the map is too large: ${steps.length} steps and ${joins.length} joins; at most ${maxSteps} and ${maxJoins}`);
  }
  const { tokens } = await storeNewMap(deps.store, deps.access, initial.map, id);
  sendJson(res, 201, { id, links: mapLinks(req, host, id, tokens) });
}

/** GET /api/maps/<id>: the map in the format, from the server's own docs. */
export async function getMapRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const { map, skipped } = await readStoredMap(deps.rooms, mapId);
  sendJson(res, 200, map, { 'X-Stallmap-Role': role, 'X-Stallmap-Skipped': String(skipped.length) });
}

/** GET /api/maps/<id>/role: what this link may do, so the page can say "read-only" before anyone tries. */
export async function getRoleRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (role) sendJson(res, 200, permissionsOf(role));
}

/** GET /api/maps/<id>/analysis: the analyzer's findings, metrics, scores and triage of the server's copy. */
export async function getAnalysisRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const { map } = await readStoredMap(deps.rooms, mapId);
  sendJson(res, 200, analyze(map));
}

/** GET /api/maps/<id>/plan: the redesign plan of the server's copy, as Markdown. */
export async function getPlanRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const { map } = await readStoredMap(deps.rooms, mapId);
  sendText(res, 200, planMarkdown(map, analyze(map), { now: new Date() }), 'text/markdown');
}
