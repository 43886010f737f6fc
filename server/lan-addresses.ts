import { networkInterfaces } from 'node:os';

/**
 * Where people in the room can reach this machine: its IPv4 addresses on the local network
 * (not loopback), those on a private range first and, among them, not a container's or a VM's
 * bridge. A machine with several (wifi and a VPN) should say which with PUBLIC_URL.
 */
export function lanAddresses(interfaces = networkInterfaces()): string[] {
  const found: { address: string; rank: number }[] = [];
  for (const [name, entries] of Object.entries(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal || entry.family !== 'IPv4') continue;
      const bridge = /^(docker|br-|veth|virbr|vmnet|vboxnet|cni|flannel|podman)/.test(name);
      found.push({ address: entry.address, rank: (isPrivate(entry.address) ? 0 : 2) + (bridge ? 1 : 0) });
    }
  }
  return found.sort((a, b) => a.rank - b.rank).map((f) => f.address);
}

function isPrivate(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31);
}

/** localhost, 127.0.0.0/8 or ::1: an address that opens only on the machine that opens it. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '::1';
}

/** Whether the server listens on other interfaces than loopback (HOST empty, 0.0.0.0 or ::). */
export function listensOnNetwork(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::';
}
