import type { IncomingMessage } from 'node:http';
import type { Role } from '../maps/roles';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The Host header, if it is a plain host[:port] (it ends up in links people click). */
export function requestHost(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? '';
  return host.length <= 255 && HOST.test(host) ? host : undefined;
}

/**
 * Page links, one per role. The token rides in the fragment: browsers never send it, so it stays
 * out of server and proxy logs; the page reads it and hands it to the provider and the API.
 */
export function mapLinks(req: IncomingMessage, host: string, mapId: string, tokens: Record<Role, string>): Record<Role, string> {
  // Behind a TLS-terminating proxy the page must be linked as https.
  const scheme = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const link = (token: string) => `${scheme}://${host}/m/${mapId}#token=${token}`;
  return { edit: link(tokens.edit), review: link(tokens.review), view: link(tokens.view) };
}
