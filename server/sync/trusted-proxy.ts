import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Behind a load balancer every client has the balancer's address, so the per-address limits
 * would count everyone as one. STALLMAP_TRUSTED_PROXIES names the proxies (addresses or CIDR
 * ranges, comma-separated) whose `X-Forwarded-For` is believed: for a connection from one of
 * them, the client is the last address of that header (the one the proxy itself appended; what
 * comes before it the client could have written). From anyone else the header is ignored, or any
 * client could choose its own address and escape its limits.
 */
export type TrustedProxies = BlockList | undefined;

/** The list as set; throws, naming the entry, for one that is not an address or a range. Empty: none trusted. */
export function parseTrustedProxies(text: string): TrustedProxies {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= max && /^\d+$/.test(prefix)))) {
      throw new Error(`STALLMAP_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range (like 10.0.0.0/8)`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

/** An IPv4 client as a dual-stack socket reports it (`::ffff:10.0.0.5`), as plain IPv4. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

const peerOf = (req: IncomingMessage) => plain(req.socket.remoteAddress ?? 'unknown');

/** Whether the request's socket is a trusted proxy's: only then are its `X-Forwarded-*` headers believed. */
export const fromTrustedProxy = (req: IncomingMessage, trusted: TrustedProxies): boolean => trusted !== undefined && isTrusted(trusted, peerOf(req));

/** The address the limits count for a request: its socket's, or, from a trusted proxy, the client it forwards. */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  const peer = peerOf(req);
  if (!fromTrustedProxy(req, trusted)) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  const last = plain(forwarded[forwarded.length - 1]?.trim() ?? '');
  return isIP(last) ? last : peer;
}
