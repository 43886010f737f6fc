import type { IncomingMessage } from 'node:http';
import type { Role } from '../maps/roles';
import { linkOrigin } from '../public-url';
import type { Settings } from '../settings';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The Host header, if it is a plain host[:port] (it ends up in links people click). */
export function requestHost(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? '';
  return host.length <= 255 && HOST.test(host) ? host : undefined;
}

/**
 * The origin links are built on (public-url.ts): PUBLIC_URL, else the address the browser used
 * (a loopback one replaced by this machine's LAN address). Undefined without a usable Host.
 */
export function requestLinkOrigin(req: IncomingMessage, settings: Pick<Settings, 'publicUrl' | 'host'>): string | undefined {
  // Behind a TLS-terminating proxy the page must be linked as https.
  return linkOrigin(requestHost(req), req.headers['x-forwarded-proto'] === 'https', settings);
}

/**
 * Page links for the given roles' tokens. The token rides in the fragment: browsers never send it,
 * so it stays out of server and proxy logs; the page reads it and hands it to the provider and the API.
 */
export function mapLinks<R extends Role>(origin: string, mapId: string, tokens: Record<R, string>): Record<R, string> {
  const links = {} as Record<R, string>;
  for (const role of Object.keys(tokens) as R[]) links[role] = `${origin}/m/${mapId}#token=${tokens[role]}`;
  return links;
}
