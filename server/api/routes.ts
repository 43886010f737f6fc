import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson } from '../http/respond';
import { createMapRoute, getAnalysisRoute, getPlanRoute, getMapRoute, getRoleRoute, type MapsApiDeps } from './maps';

type Handler = (req: IncomingMessage, res: ServerResponse, deps: MapsApiDeps, mapId: string) => Promise<void> | void;

interface Route {
  method: string;
  path: RegExp;
  handle: Handler;
}

const MAP = '([A-Za-z0-9_-]{1,64})';

const routes: Route[] = [
  { method: 'GET', path: /^\/healthz$/, handle: (_req, res) => sendJson(res, 200, { ok: true }) },
  { method: 'POST', path: /^\/api\/maps$/, handle: createMapRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}$`), handle: getMapRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}/role$`), handle: getRoleRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}/analysis$`), handle: getAnalysisRoute },
  { method: 'GET', path: new RegExp(`^/api/maps/${MAP}/plan$`), handle: getPlanRoute },
];

/**
 * The HTTP API. Answers and returns true for `/healthz` and everything under `/api/` (unknown
 * routes get a JSON 404, a known route with the wrong method a 405); returns false for the rest,
 * which is the app's.
 */
export function createApi(deps: MapsApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/healthz' && !pathname.startsWith('/api/')) return false;
    const matching = routes.map((route) => ({ route, match: route.path.exec(pathname) })).filter((m) => m.match);
    if (matching.length === 0) {
      sendError(res, 404, `no such API route: ${req.method} ${pathname}`);
      return true;
    }
    const found = matching.find((m) => m.route.method === req.method || (req.method === 'HEAD' && m.route.method === 'GET'));
    if (!found) {
      res.setHeader('Allow', [...new Set(matching.map((m) => m.route.method))].join(', '));
      sendError(res, 405, `${req.method} is not allowed here`);
      return true;
    }
    await found.route.handle(req, res, deps, found.match?.[1] ?? '');
    return true;
  };
}
