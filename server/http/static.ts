import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { closeIfBodyUnread, sendText } from './respond';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

// Vite puts content-hashed files under assets/: their name changes with their content, so they may be cached for good.
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Routes the app draws itself: the home page and one map. */
const APP_ROUTE = /^\/(m\/[A-Za-z0-9_-]{1,64}\/?)?$/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Stallmap: not built</title>
<p>The app has not been built yet: run <code>npm run build</code> (or <code>npm run dev</code> while working on it).</p>`;

/**
 * The built app from `dist/`: app routes get index.html (never cached, so a deploy is picked up),
 * other paths the file they name, confined to `dist/`. Before a build, a 503 page says what to run.
 */
export function createStaticHandler(distDir: string) {
  const root = resolve(distDir);
  const index = resolve(root, 'index.html');
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method Not Allowed');
    }
    if (!existsSync(index)) return sendText(res, 503, NOT_BUILT, 'text/html');
    const pathname = decodedPath(req.url);
    if (pathname === undefined) return sendText(res, 400, 'Bad Request');
    if (APP_ROUTE.test(pathname)) return sendFile(req, res, index, 'no-cache');
    const file = resolve(root, `.${pathname}`);
    if (!file.startsWith(root + sep)) return sendText(res, 404, 'Not Found');
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) return sendText(res, 404, 'Not Found');
    sendFile(req, res, file, pathname.startsWith('/assets/') ? IMMUTABLE : 'no-cache', stat.size);
  };
}

function decodedPath(url: string | undefined): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
    return pathname.includes('\0') ? undefined : pathname;
  } catch {
    return undefined;
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string, size = statSync(file).size): void {
  closeIfBodyUnread(res);
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': cacheControl,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
