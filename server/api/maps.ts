import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody } from '../http/body';
import { sendError, sendJson, sendText } from '../http/respond';
import type { MapAccess } from '../maps/access';
import { initialMap, mapBytes } from '../maps/create';
import { readStoredMap, storeNewMap } from '../maps/documents';
import { permissionsOf } from '../maps/roles';
import { newMapId } from '../maps/tokens';
import type { Logger } from '../log';
import type { Settings } from '../settings';
import type { DocStore } from '../storage/store';
import type { Rooms } from '../sync/rooms';
import { authorize } from './auth';
import type { CreateGate } from './create-gate';
import { mapLinks, requestLinkOrigin } from './links';

export interface MapsApiDeps {
  store: DocStore;
  access: MapAccess;
  rooms: Rooms;
  limits: Pick<Settings, 'maxBodyBytes' | 'maxSteps' | 'maxJoins' | 'publicUrl' | 'host'>;
  log: Logger;
  /** What a new map must get past before its body is read (create-gate.ts). */
  creation: CreateGate;
}

/** POST /api/maps: import a map, start from a template, or start empty. 201 with the three links. */
export async function createMapRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps): Promise<void> {
  const origin = requestLinkOrigin(req, deps.limits);
  if (!origin) return sendError(res, 400, 'the Host header is missing or not a host name');
  const { maxBodyBytes, maxSteps, maxJoins } = deps.limits;
  const admission = await deps.creation.admit(req, res);
  if (!admission) return;
  const body = await readJsonBody(req, maxBodyBytes);
  if (!body.ok) {
    admission.abandoned();
    if (body.limit) deps.log.warn('http.limit', { route: 'POST /api/maps', limit: body.limit, status: body.status });
    // A body not read to its end closes the connection (respond.ts), so it is not parsed as the next request.
    return sendError(res, body.status, body.message, body.status === 413 ? {} : { errors: [{ path: '(JSON)', message: body.message }] });
  }
  const id = newMapId();
  const initial = initialMap(body.value, id);
  if (!initial.ok) {
    admission.abandoned();
    const details = initial.templates ? { errors: initial.errors, templates: initial.templates } : { errors: initial.errors };
    return sendError(res, 400, 'not a valid map', details);
  }
  // The same limits as a room's (shadow-doc.ts): a map the server would not let anyone grow to,
  // its redesign counted with it.
  const { redesign } = initial.map;
  const steps = initial.map.steps.length + (redesign?.steps.length ?? 0);
  const joins = initial.map.joins.length + (redesign?.joins.length ?? 0);
  if (steps > maxSteps || joins > maxJoins) {
    admission.abandoned();
    deps.log.warn('http.limit', { route: 'POST /api/maps', limit: 'map', steps, joins, status: 413 });
    return sendError(res, 413, `the map is too large: ${steps} steps and ${joins} joins (now and redesigned together); at most ${maxSteps} and ${maxJoins}`);
  }
  if (!admission.chargeBytes(mapBytes(initial.map))) return;
  const { tokens } = await storeNewMap(deps.store, deps.access, initial.map, id);
  admission.created();
  sendJson(res, 201, { id, links: mapLinks(origin, id, tokens) });
}

/** GET /api/maps/<id>: the map in the format, from the server's own docs. */
export async function getMapRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const { map, skipped } = await readStoredMap(deps.rooms, mapId);
  sendJson(res, 200, map, { 'X-Stallmap-Role': role, 'X-Stallmap-Skipped': String(skipped.length), ...storageWarningHeader(deps.store, mapId) });
}

/** Damage known in this map's storage (integrity.ts), as `X-Stallmap-Warning`: the map is served as far as it could be read. */
function storageWarningHeader(store: DocStore, mapId: string): Record<string, string> {
  const warnings = store.health.warningsFor(mapId);
  return warnings.length ? { 'X-Stallmap-Warning': warnings.join(' | ') } : {};
}

/** GET /api/maps/<id>/role: what this link may do, so the page can say "read-only" before anyone tries. */
export async function getRoleRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const warnings = deps.store.health.warningsFor(mapId);
  // `linkOrigin`: where the page's Share dialog points its links (PUBLIC_URL, else a LAN address rather than localhost).
  // `limits`: the largest map, so the page can say before a change (a redesign's copy) that it would not be taken.
  const limits = { steps: deps.limits.maxSteps, joins: deps.limits.maxJoins };
  const answer = { ...permissionsOf(role), linkOrigin: requestLinkOrigin(req, deps.limits), limits };
  sendJson(res, 200, warnings.length ? { ...answer, warnings } : answer);
}

/** GET /api/maps/<id>/analysis: the analyzer's findings, metrics, scores and triage of the server's copy. */
export async function getAnalysisRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const { map } = await readStoredMap(deps.rooms, mapId);
  const { analyze } = await analyzer();
  sendJson(res, 200, analyze(map));
}

/** GET /api/maps/<id>/plan: the redesign plan of the server's copy, as Markdown. */
export async function getPlanRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const { map } = await readStoredMap(deps.rooms, mapId);
  const [{ analyze }, { planMarkdown }] = await Promise.all([analyzer(), import('../../src/core/plan')]);
  sendText(res, 200, planMarkdown(map, analyze(map), { now: new Date() }), 'text/markdown');
}

/** Loaded at the first analysis or plan asked of the server, not at its start (100 kB the sync server never needs). */
const analyzer = () => import('../../src/core/analyzer');
