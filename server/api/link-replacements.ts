import type { IncomingMessage } from 'node:http';
import { AddressAllowances } from '../http/address-allowances';
import type { Settings } from '../settings';
import { clientAddress, parseTrustedProxies, type TrustedProxies } from '../sync/trusted-proxy';

export type LinkReplacementSettings = Pick<Settings, 'addressLinkReplacementsPerHour'> & Partial<Pick<Settings, 'trustedProxies'>>;

/**
 * How many links one address may replace an hour. A replacement is a write, a message to every
 * server and the sockets on the old link closed: a script holding an edit link could otherwise
 * repeat it without end. Taken before the token is read, so guessing costs the same.
 */
export class LinkReplacements {
  private readonly allowances: AddressAllowances;
  /** Behind a load balancer, per client it forwards, not per balancer (trusted-proxy.ts). */
  private readonly trusted: TrustedProxies;

  constructor(readonly settings: LinkReplacementSettings) {
    this.allowances = new AddressAllowances(settings.addressLinkReplacementsPerHour);
    this.trusted = parseTrustedProxies(settings.trustedProxies ?? '');
  }

  /** The client's address, and when over its allowance, the seconds until it has one again. */
  take(req: IncomingMessage): { addr: string; retryAfter?: number } {
    const addr = clientAddress(req, this.trusted);
    const allowance = this.allowances.of(addr);
    return allowance.take() ? { addr } : { addr, retryAfter: allowance.secondsUntil() };
  }
}
