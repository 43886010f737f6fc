import type { IncomingMessage } from 'node:http';
import type { Role } from '../maps/roles';
import { linkOrigin } from '../public-url';
import type { Settings } from '../settings';
import { fromTrustedProxy, parseTrustedProxies } from '../sync/trusted-proxy';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The Host header, if it is a plain host[:port] (it ends up in links people click). */
export function requestHost(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? '';
  return host.length <= 255 && HOST.test(host) ? host : undefined;
}

/** The origin links are built on for a request; undefined without a usable Host. */
export type RequestLinkOrigin = (req: IncomingMessage) => string | undefined;

/**
 * The origin links are built on (public-url.ts): PUBLIC_URL, else the address the browser used
 * (a loopback one replaced by this machine's LAN address), as https when a trusted proxy
 * (STALLMAP_TRUSTED_PROXIES) says the browser used https. From anyone else `X-Forwarded-Proto` is
 * ignored, as `X-Forwarded-For` is: any client could otherwise have links handed out on a scheme
 * the server does not answer.
 */
export function requestLinkOrigin(settings: Pick<Settings, 'publicUrl' | 'host' | 'trustedProxies'>): RequestLinkOrigin {
  const trusted = parseTrustedProxies(settings.trustedProxies);
  return (req) => linkOrigin(requestHost(req), fromTrustedProxy(req, trusted) && req.headers['x-forwarded-proto'] === 'https', settings);
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
