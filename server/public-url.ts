import { isLoopbackHost, lanAddresses, listensOnNetwork } from './lan-addresses';

/**
 * PUBLIC_URL: the address people open, as the links the server hands out name it
 * (`http://192.168.1.20:8080`, `https://stallmap.example.org`). Only an origin: the app lives at
 * the root of its host. Anything else stops the server at start, like a malformed number.
 */
export function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL must be an address such as http://192.168.1.20:8080, not '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_URL must start with http:// or https://, not '${raw}'`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new Error(`PUBLIC_URL must be only a scheme, a host and a port (Stallmap is served at the root of its host), not '${raw}'`);
  }
  return url.origin;
}

/**
 * The addresses people can open, for the start-up log: PUBLIC_URL when set; else, for a server
 * listening on every interface, this machine's LAN addresses and then localhost (which opens only
 * here); else the one host it listens on.
 */
export function openAddresses(settings: { publicUrl: string; host: string }, port: number): string[] {
  if (settings.publicUrl) return [settings.publicUrl];
  if (!listensOnNetwork(settings.host)) return [`http://${hostInUrl(settings.host)}:${port}`];
  return [...lanAddresses().map((address) => `http://${address}:${port}`), `http://localhost:${port}`];
}

/**
 * The origin of the links the server hands out for a request: PUBLIC_URL; else the address the
 * browser used (its Host); but if that opens only on this machine (localhost) while the server
 * listens on the network, this machine's LAN address on the same port, so that a facilitator who
 * opened localhost hands out links the room can open. Undefined without a usable Host.
 */
export function linkOrigin(host: string | undefined, https: boolean, settings: { publicUrl: string; host: string }): string | undefined {
  if (settings.publicUrl) return settings.publicUrl;
  if (!host) return undefined;
  const scheme = https ? 'https' : 'http';
  const [, hostname, port] = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host) ?? [];
  const lan = hostname !== undefined && isLoopbackHost(hostname) && listensOnNetwork(settings.host) ? lanAddresses()[0] : undefined;
  if (lan) return `${scheme}://${lan}${port ? `:${port}` : ''}`;
  return `${scheme}://${host}`;
}

function hostInUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
