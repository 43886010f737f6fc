import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { sendText } from './respond';

// Vite puts content-hashed files under assets/: their name changes with their content, so they may be cached for good.
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is revalidated on every use: its ETag makes that a 304, and a deploy is picked up at once. */
const REVALIDATE = 'no-cache';
/** Routes the app draws itself: the home page and one map. */
const APP_ROUTE = /^\/(m\/[A-Za-z0-9_-]{1,64}\/?)?$/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Stallmap: not built</title>
<p>The app has not been built yet: run <code>npm run build</code> (or <code>npm run dev</code> while working on it).</p>`;

type Sirv = ReturnType<typeof sirv>;

/**
 * The built app from `dist/`, through sirv: app routes get index.html, other paths the file they
 * name (sirv lists dist/ once and serves only what it listed, so nothing outside it), with an
 * ETag (If-None-Match answers 304) and, when the browser accepts it, the brotli or gzip copy
 * the build wrote beside each file (scripts/compress-dist.ts). Unknown paths are 404, not the
 * app. Before a build, a 503 page says what to run. A new build (index.html changed) is listed
 * again on the next request, so a running server picks up a deploy.
 */
export function createStaticHandler(distDir: string) {
  const root = resolve(distDir);
  const index = resolve(root, 'index.html');
  let served: { sirv: Sirv; built: number } | undefined;

  /** sirv over the current build, or undefined before the first build. */
  const currentBuild = (): Sirv | undefined => {
    const built = statSync(index, { throwIfNoEntry: false })?.mtimeMs;
    if (built === undefined) return undefined;
    if (served?.built !== built) served = { sirv: sirv(root, { etag: true, gzip: true, brotli: true, dotfiles: false }), built };
    return served.sirv;
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method Not Allowed');
    }
    const serve = currentBuild();
    if (!serve) return sendText(res, 503, NOT_BUILT, 'text/html');
    const pathname = decodedPath(req.url);
    if (pathname === undefined) return sendText(res, 400, 'Bad Request');
    if (APP_ROUTE.test(pathname)) req.url = '/index.html';
    // Set before sirv answers, so they are on its 304s too; sirv keeps headers already set.
    res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers.range !== undefined) req.headers.range = rangeSirvCanSend(req.headers.range);
    serve(req, res, () => {
      res.removeHeader('Vary');
      sendText(res, 404, 'Not Found');
    });
  };
}

/** The path as sirv will look it up; undefined for one that cannot be decoded or holds a NUL. */
function decodedPath(url: string | undefined): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
    return pathname.includes('\0') ? undefined : pathname;
  } catch {
    return undefined;
  }
}

/**
 * The Range header as sirv can answer it. sirv reads it loosely (as below) and hands the
 * positions to fs.createReadStream only after writing its 206 headers, so a range Node refuses
 * throws too late for any answer: the client got an empty reply, the log an error. An end past
 * 2^53 is the file's end (RFC 9110 §14.1.2), and a range that ends before it starts, which is
 * invalid (§14.1.1), becomes one that starts past any file's end: sirv answers that 416 with the
 * file's size, as it does every range it cannot satisfy, and 404 for a file it does not have.
 */
function rangeSirvCanSend(range: string): string {
  const [first, last] = range.replace('bytes=', '').split('-');
  const start = Number.parseInt(first, 10) || 0;
  // 0 (or none): to the end of the file, as sirv reads it.
  const end = Number.parseInt(last, 10) || 0;
  if (end > 0 && start > end) return `bytes=${Number.MAX_SAFE_INTEGER}-`;
  if (end > Number.MAX_SAFE_INTEGER) return `bytes=${start}-`;
  return range;
}
