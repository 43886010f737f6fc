import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../http/respond';
import type { Settings } from '../settings';
import { StorageDamagedError } from '../storage/integrity';
import { CreateGate, type CreateGateSettings } from './create-gate';
import { healthRoute } from './health';
import { requestLinkOrigin } from './links';
import { LinkReplacements, type LinkReplacementSettings } from './link-replacements';
import { getLinksRoute } from './links-route';
import { replaceLinkRoute } from './replace-link-route';
import { AnswerThreads, defaultAnswerThreads } from './answer-threads';
import { MAP_ANSWERS_DEFAULTS, MapAnswers } from './map-answers';
import { createMapRoute, getAnalysisRoute, getPlanRoute, getMapRoute, getRoleRoute, type MapsApiDeps } from './maps';

/** `part`: what the route's second group matched (a role), if it has one. */
type Handler = (req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string, part?: string) => Promise<void> | void;

interface Route {
  method: string;
  path: RegExp;
  handle: Handler;
}

const MAP = '([A-Za-z0-9_-]{1,64})';

const routes: Route[] = [
  { method: 'GET', path: /^\/healthz$/, handle: (req, res, deps) => healthRoute(req, res, deps.store) },
  { method: 'POST', path: /^\/api\/maps$/, handle: createMapRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}$`), handle: getMapRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}/role$`), handle: getRoleRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}/links$`), handle: getLinksRoute },
  { method: 'POST', path: new RegExp(`^/api/maps/${MAP}/links/(edit|review|view)$`), handle: replaceLinkRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}/analysis$`), handle: getAnalysisRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}/plan$`), handle: getPlanRoute },
];

/** An answer thread with nothing to do for a minute is ended (answer-thread.ts); the next read starts one again. */
const ANSWER_THREAD_IDLE_MS = 60_000;

/**
 * The HTTP API. `handle` answers and returns true for `/healthz` and everything under `/api/`
 * (unknown routes get a JSON 404, a known route with the wrong method a 405); returns false for
 * the rest, which is the app's. `close` ends the answer threads.
 */
export function createApi(
  given: Omit<MapsApiDeps, 'creation' | 'limits' | 'linkOrigin' | 'answers' | 'threads' | 'linkReplacements'> & {
    limits: MapsApiDeps['limits'] & CreateGateSettings & LinkReplacementSettings & Pick<Settings, 'publicUrl' | 'host' | 'trustedProxies' | 'answerThreads' | 'answerHeapMb'>;
  },
) {
  const { answerThreads, answerHeapMb } = given.limits;
  const threads = new AnswerThreads(answerThreads || defaultAnswerThreads(), { heapMb: answerHeapMb, idleMs: ANSWER_THREAD_IDLE_MS });
  const answers = new MapAnswers(given.rooms, { ...MAP_ANSWERS_DEFAULTS, concurrent: threads.size });
  const deps: MapsApiDeps = {
    ...given,
    creation: new CreateGate(given.limits, given.log),
    linkOrigin: requestLinkOrigin(given.limits),
    linkReplacements: new LinkReplacements(given.limits),
    answers,
    threads,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/healthz' && !pathname.startsWith('/api/')) return false;
    const matching = routes.map((route) => ({ route, match: route.path.exec(pathname) })).filter((m) => m.match);
    if (matching.length === 0) {
      sendError(res, 404, `no such API route: ${req.method} ${pathname}`);
      return true;
    }
    const found = matching.find((m) => m.route.method === req.method || (req.method === 'HEAD' && m.route.method === 'GET'));
    if (!found) {
      // HEAD is answered wherever GET is (above), so it is allowed there too.
      const allowed = matching.flatMap((m) => (m.route.method === 'GET' ? ['GET', 'HEAD'] : [m.route.method]));
      res.setHeader('Allow', [...new Set(allowed)].join(', '));
      sendError(res, 405, `${req.method} is not allowed here`);
      return true;
    }
    try {
      await found.route.handle(req, res, deps, found.match?.[1] ?? '', found.match?.[2]);
    } catch (error) {
      // A map whose stored data cannot be read says so; what failed is in the server log (once per room) and /healthz.
      if (!(error instanceof StorageDamagedError) || res.headersSent) throw error;
      sendError(res, 503, 'this map cannot be read: its stored data is damaged (the server log says how)');
    }
    return true;
  };
  return { handle, close: () => threads.close() };
}
