import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody } from '../http/body';
import { byteSize } from '../../src/core/byte-size';
import { sendBody, sendError, sendJson } from '../http/respond';
import type { MapAccess } from '../maps/access';
import { initialMap, mapBytes } from '../maps/create';
import { encodeNewMap, readStoredState, storeNewMap } from '../maps/documents';
import { permissionsOf, roomName } from '../maps/roles';
import { newMapId } from '../maps/tokens';
import type { Logger } from '../log';
import type { Settings } from '../settings';
import type { DocStore } from '../storage/store';
import type { Rooms } from '../sync/rooms';
import { calendarDate } from '../../src/core/calendar-date';
import { AnswerFailed } from './answer-thread';
import type { AnswerThreads } from './answer-threads';
import { authorize } from './auth';
import type { AnswerKind } from './make-answer';
import { AnswersBusy, type MadeAnswer, type MapAnswers } from './map-answers';
import type { CreateGate } from './create-gate';
import type { LinkReplacements } from './link-replacements';
import { mapLinks, type RequestLinkOrigin } from './links';

export interface MapsApiDeps {
  store: DocStore;
  access: MapAccess;
  rooms: Rooms;
  limits: Pick<Settings, 'maxBodyBytes' | 'maxSteps' | 'maxJoins' | 'maxDocBytes' | 'maxMessageBytes' | 'bytesPerSecond'>;
  log: Logger;
  /** What a new map must get past before its body is read (create-gate.ts). */
  creation: CreateGate;
  /** The read routes' answers, made in turn and reused while the map is unchanged (map-answers.ts). */
  answers: MapAnswers;
  /** Where those answers are made: off the main thread (answer-threads.ts). */
  threads: AnswerThreads;
  /** Where the links handed out for a request point (links.ts). */
  linkOrigin: RequestLinkOrigin;
  /** How many links an address may replace (link-replacements.ts). */
  linkReplacements: LinkReplacements;
  /** A link of the map was replaced: the sockets on the old one are closed, on every server. */
  linksReplaced(mapId: string): void;
}

/** POST /api/maps: import a map, start from a template, or start empty. 201 with the three links. */
export async function createMapRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps): Promise<void> {
  const origin = deps.linkOrigin(req);
  if (!origin) return sendError(res, 400, 'the Host header is missing or not a host name');
  const { maxBodyBytes, maxSteps, maxJoins, maxDocBytes } = deps.limits;
  const admission = await deps.creation.admit(req, res);
  if (!admission) return;
  // Sized to the largest map the server holds (settings.ts): a map exported from the page must import again.
  const body = await readJsonBody(req, maxBodyBytes);
  if (!body.ok) {
    admission.abandoned();
    if (body.limit) deps.log.warn('http.limit', { route: 'POST /api/maps', limit: body.limit, status: body.status });
    // A body not read to its end closes the connection (respond.ts), so it is not parsed as the next request.
    if (body.limit === 'bytes') return sendError(res, 413, `the map file is too large to import: this server takes files of at most ${byteSize(maxBodyBytes)}`);
    return sendError(res, body.status, body.message, { errors: [{ path: '(JSON)', message: body.message }] });
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
  // And its bytes as the rooms hold them: a room past maxDocBytes is more than the server ever
  // sends, so the map would be created and then never open (long notes pass the steps limit).
  const rooms = encodeNewMap(initial.map);
  const bytes = Math.max(rooms.map.byteLength, rooms.review.byteLength);
  if (bytes > maxDocBytes) {
    admission.abandoned();
    deps.log.warn('http.limit', { route: 'POST /api/maps', limit: 'map-bytes', bytes, status: 413 });
    return sendError(res, 413, `the map is too large: ${byteSize(bytes)} as this server holds it; at most ${byteSize(maxDocBytes)} (long notes and descriptions take the most room)`);
  }
  if (!admission.chargeBytes(mapBytes(initial.map))) return;
  const { tokens } = await storeNewMap(deps.store, deps.access, rooms, id);
  admission.created();
  sendJson(res, 201, { id, links: mapLinks(origin, id, tokens) });
}

/** GET /api/maps/<id>: the map in the format, from the server's own docs. */
export async function getMapRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  await sendMade(res, deps, mapId, 'map', 'map', { 'X-Stallmap-Role': role, ...storageWarningHeader(deps.store, mapId) });
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
  // `limits`: the largest map, so the page can say before a change (a redesign's copy, an import)
  // that it would not be taken; and what one connection may send (a message, bytes a second), so
  // the page sends a large change in parts at a pace the server takes (src/collab/send-pacer.ts).
  const { maxSteps, maxJoins, maxDocBytes, maxMessageBytes, bytesPerSecond } = deps.limits;
  const limits = { steps: maxSteps, joins: maxJoins, docBytes: maxDocBytes, messageBytes: maxMessageBytes, bytesPerSecond };
  const answer = { ...permissionsOf(role), linkOrigin: deps.linkOrigin(req), limits };
  sendJson(res, 200, warnings.length ? { ...answer, warnings } : answer);
}

/** GET /api/maps/<id>/analysis: the analyzer's findings, metrics, scores and triage of the server's copy. */
export async function getAnalysisRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  await sendMade(res, deps, mapId, 'analysis', 'analysis', {});
}

/** GET /api/maps/<id>/plan: the redesign plan of the server's copy, as Markdown. */
export async function getPlanRoute(req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string): Promise<void> {
  const role = await authorize(req, res, deps.access, mapId);
  if (!role) return;
  const now = new Date();
  // The plan is dated: one made yesterday is not today's.
  await sendMade(res, deps, mapId, 'plan', `plan ${calendarDate(now)}`, {}, now);
}

/**
 * Sends the answer `kind` of the stored map, made in its turn in an answer thread or reused
 * (map-answers.ts), with `headers` of this request's own; 503 with Retry-After when too many
 * answers wait, 500 when the thread failed to make it (the next request gets a fresh thread).
 * The main thread only reads the rooms' bytes and hands them over (`key`: the answer's name in
 * the cache, with what else it depends on).
 */
async function sendMade(res: ServerResponse, deps: MapsApiDeps, mapId: string, kind: AnswerKind, key: string, headers: Record<string, string>, now = new Date()): Promise<void> {
  const make = async () => {
    const { map, review, versions } = await readStoredState(deps.rooms, mapId);
    const { logged, ...answer } = await deps.threads.make({ kind, mapId, map, review, now: now.getTime() });
    for (const line of logged) deps.log[line.level](line.event, line.fields);
    return { answer, versions };
  };
  let answer: MadeAnswer;
  try {
    answer = await deps.answers.answer(mapId, key, [roomName(mapId, 'map'), roomName(mapId, 'review')], make);
  } catch (error) {
    if (error instanceof AnswerFailed) {
      deps.log.error('answers.failed', { route: `GET /api/maps/<id> (${kind})`, error: error.message });
      return sendError(res, 500, 'this answer of the map could not be made (the server log says why)');
    }
    if (!(error instanceof AnswersBusy)) throw error;
    const seconds = String(error.retryAfterSeconds);
    deps.log.warn('http.limit', { route: `GET /api/maps/<id> (${kind})`, limit: 'answers-waiting', status: 503 });
    return sendError(res, 503, `${error.message}: try again in ${seconds} s`, {}, { 'Retry-After': seconds });
  }
  sendBody(res, 200, answer.body, answer.type, { ...answer.headers, ...headers });
}
