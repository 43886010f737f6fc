import { AddressCounts } from '../sync/address-counts';

export type UploadRefusal = { status: 429 | 503; message: string; scope: 'address' | 'server' };

/**
 * Request bodies being read at once, per address and overall. A body is held in memory until it
 * is whole, so without this, thousands of connections each trickling a large body held gigabytes.
 * A refused upload is answered at once, before its body is read.
 */
export class UploadSlots {
  private readonly addresses: AddressCounts;
  private total = 0;

  constructor(
    private readonly maxTotal: number,
    maxPerAddress: number,
  ) {
    this.addresses = new AddressCounts(maxPerAddress);
  }

  /** Takes a slot for `address`; `release` it when the body is read (or abandoned). */
  tryTake(address: string): { ok: true; release: () => void } | ({ ok: false } & UploadRefusal) {
    if (!this.addresses.tryAdd(address)) return { ok: false, status: 429, scope: 'address', message: 'too many uploads at once from your address; try again in a moment' };
    if (this.total >= this.maxTotal) {
      this.addresses.remove(address);
      return { ok: false, status: 503, scope: 'server', message: 'the server is reading too many uploads at once; try again in a moment' };
    }
    this.total += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.total -= 1;
      this.addresses.remove(address);
    };
    return { ok: true, release };
  }
}
