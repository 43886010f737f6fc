import { HourlyAllowance } from './allowance';

/** Past this many addresses, those whose allowance is full again are forgotten, so the map stays small. */
const FORGET_FULL_PAST = 10_000;

/** One hourly allowance (allowance.ts) per client address, made on first use. */
export class AddressAllowances {
  private readonly addresses = new Map<string, HourlyAllowance>();

  constructor(private readonly perHour: number) {}

  of(address: string): HourlyAllowance {
    let allowance = this.addresses.get(address);
    if (!allowance) {
      if (this.addresses.size >= FORGET_FULL_PAST) for (const [known, a] of this.addresses) if (a.full) this.addresses.delete(known);
      allowance = new HourlyAllowance(this.perHour);
      this.addresses.set(address, allowance);
    }
    return allowance;
  }
}
