import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../http/respond';
import { UploadSlots } from '../http/upload-slots';
import type { Logger } from '../log';
import type { Settings } from '../settings';
import { clientAddress, parseTrustedProxies, type TrustedProxies } from '../sync/trusted-proxy';
import { CreateBudget, type CreateBudgetSettings } from './create-budget';
import { CREATE_TOKEN_REQUIRED, createTokenRefusal } from './create-token';
import { crossSiteRefusal } from './cross-site';

export type CreateGateSettings = CreateBudgetSettings &
  Pick<Settings, 'createToken' | 'allowedOrigins' | 'maxUploads' | 'maxAddressUploads'> &
  Partial<Pick<Settings, 'trustedProxies'>>;

/** A creation let through the gate: its body may be read; it must end with `created` or `abandoned`. */
export interface Admission {
  /** Charges the new map's bytes; false (507 already sent) if they do not fit the budget. */
  chargeBytes(bytes: number): boolean;
  /** The map was stored. */
  created(): void;
  /** Not created after all (a bad body, too large): the map it took from the allowances is given back. */
  abandoned(): void;
}

const ROUTE = 'POST /api/maps';

/**
 * Everything `POST /api/maps` checks before it reads a body, cheapest first: a cross-site request
 * (415, 403), the create token (401), the allowances (429), the disk (507), then an upload slot
 * (429, 503). Each refusal is answered before the body is read, which closes the connection
 * (respond.ts), and logged in one line.
 */
export class CreateGate {
  private readonly budget: CreateBudget;
  private readonly uploads: UploadSlots;
  /** Behind a load balancer, the allowances are per client it forwards, not per balancer (trusted-proxy.ts). */
  private readonly trusted: TrustedProxies;

  constructor(
    private readonly settings: CreateGateSettings,
    private readonly log: Logger,
  ) {
    this.budget = new CreateBudget(settings);
    this.uploads = new UploadSlots(settings.maxUploads, settings.maxAddressUploads);
    this.trusted = parseTrustedProxies(settings.trustedProxies ?? '');
  }

  /** An admission, or undefined with the refusal already sent. */
  async admit(req: IncomingMessage, res: ServerResponse): Promise<Admission | undefined> {
    const addr = clientAddress(req, this.trusted);
    const crossSite = crossSiteRefusal(req, this.settings.allowedOrigins);
    if (crossSite) {
      this.log.warn('http.refused', { route: ROUTE, reason: crossSite.code, status: crossSite.status, addr });
      sendError(res, crossSite.status, crossSite.message, { code: crossSite.code });
      return undefined;
    }
    const tokenProblem = createTokenRefusal(req, this.settings.createToken);
    if (tokenProblem) {
      this.log.warn('http.refused', { route: ROUTE, reason: 'create-token', status: 401, addr });
      sendError(res, 401, tokenProblem, { code: CREATE_TOKEN_REQUIRED });
      return undefined;
    }
    const overRate = this.budget.takeMap(addr);
    if (overRate) return this.refuse(res, overRate, addr);
    const overDisk = await this.budget.diskRefusal();
    if (overDisk) {
      this.budget.giveBackMap(addr);
      return this.refuse(res, overDisk, addr);
    }
    const slot = this.uploads.tryTake(addr);
    if (!slot.ok) {
      this.budget.giveBackMap(addr);
      return this.refuse(res, { status: slot.status, code: 'rate-limited', message: slot.message, retryAfter: 1, limit: `${slot.scope}-uploads` }, addr);
    }
    let open = true;
    const end = (giveBack: boolean) => {
      if (!open) return;
      open = false;
      slot.release();
      if (giveBack) this.budget.giveBackMap(addr);
    };
    // A client that hangs up mid-body (or is timed out) frees its slot too.
    res.once('close', () => end(true));
    return {
      chargeBytes: (bytes) => {
        const over = this.budget.takeBytes(bytes);
        if (!over) return true;
        end(true);
        this.refuse(res, over, addr);
        return false;
      },
      created: () => end(false),
      abandoned: () => end(true),
    };
  }

  private refuse(res: ServerResponse, refusal: { status: number; code: string; message: string; retryAfter: number; limit: string }, addr: string): undefined {
    this.log.warn('http.limit', { route: ROUTE, limit: refusal.limit, status: refusal.status, addr });
    sendError(res, refusal.status, refusal.message, { code: refusal.code, retryAfter: refusal.retryAfter }, { 'Retry-After': String(refusal.retryAfter) });
    return undefined;
  }
}
