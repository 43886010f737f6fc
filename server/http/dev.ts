import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { sendText } from './respond';

/**
 * `npm run dev`: the app through Vite in middleware mode, on our port, with hot reload over the
 * same HTTP server (our upgrade handler leaves every socket but `/sync/` to Vite). Vite is
 * imported only here, so production never loads it.
 */
export async function createDevHandler(httpServer: Server) {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: 'vite.config.ts',
    server: { middlewareMode: true, hmr: { server: httpServer } },
    appType: 'spa',
  });
  return {
    handle(req: IncomingMessage, res: ServerResponse): void {
      vite.middlewares(req, res, () => sendText(res, 404, 'Not Found'));
    },
    close: () => vite.close(),
  };
}
