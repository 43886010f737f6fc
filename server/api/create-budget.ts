import { statfs } from 'node:fs/promises';
import { AddressAllowances } from '../http/address-allowances';
import { HourlyAllowance } from '../http/allowance';
import { byteSize } from '../../src/core/byte-size';
import type { Settings } from '../settings';

export type CreateBudgetSettings = Pick<Settings, 'mapsPerHour' | 'addressMapsPerHour' | 'newMapBytesPerHour' | 'minFreeDiskBytes' | 'dataDir'>;

/** Why a map is not created now: 429 (too many, retry later) or 507 (the disk's budget). */
export interface BudgetRefusal {
  status: 429 | 507;
  code: 'rate-limited' | 'disk-budget' | 'disk-full';
  message: string;
  /** Seconds, for Retry-After. */
  retryAfter: number;
  /** For the log line. */
  limit: string;
}

/** Free bytes on the disk of `dir`; undefined if it cannot be told (then no floor applies). */
async function freeBytesOf(dir: string): Promise<number | undefined> {
  try {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/**
 * What creating maps may cost: how many an hour, from one address and overall (429), and how
 * many bytes an hour, with a floor of free disk under it all (507). Creating a map was free and
 * unlimited: any page could make its visitors create thousands, and large imports filled the disk.
 */
export class CreateBudget {
  private readonly overall: HourlyAllowance;
  private readonly addresses: AddressAllowances;
  private readonly bytes: HourlyAllowance;

  constructor(
    private readonly settings: CreateBudgetSettings,
    private readonly freeBytes: (dir: string) => Promise<number | undefined> = freeBytesOf,
  ) {
    this.overall = new HourlyAllowance(settings.mapsPerHour);
    this.bytes = new HourlyAllowance(settings.newMapBytesPerHour);
    this.addresses = new AddressAllowances(settings.addressMapsPerHour);
  }

  /** Takes one new map from the address's allowance and the server's, or neither. */
  takeMap(address: string): BudgetRefusal | undefined {
    const mine = this.addresses.of(address);
    if (!mine.has()) {
      const retryAfter = mine.secondsUntil();
      return { status: 429, code: 'rate-limited', limit: 'address-maps', retryAfter, message: `too many new maps from your address (at most ${this.settings.addressMapsPerHour} an hour); try again in ${retryAfter} s` };
    }
    if (!this.overall.take()) {
      const retryAfter = this.overall.secondsUntil();
      return { status: 429, code: 'rate-limited', limit: 'server-maps', retryAfter, message: `too many new maps on this server (at most ${this.settings.mapsPerHour} an hour); try again in ${retryAfter} s` };
    }
    mine.take();
    return undefined;
  }

  /** A map taken with `takeMap` that was not created after all (a bad body, a refusal): it costs nothing. */
  giveBackMap(address: string): void {
    this.overall.give();
    this.addresses.of(address).give();
  }

  /** Before reading a body: is there any budget left, and room on the disk? */
  async diskRefusal(): Promise<BudgetRefusal | undefined> {
    if (!this.bytes.has(1)) return this.bytesRefusal(1);
    const { minFreeDiskBytes, dataDir } = this.settings;
    if (minFreeDiskBytes <= 0) return undefined;
    const free = await this.freeBytes(dataDir);
    if (free === undefined || free >= minFreeDiskBytes) return undefined;
    return {
      status: 507,
      code: 'disk-full',
      limit: 'free-disk',
      retryAfter: 3600,
      message: `the server's disk is nearly full (${byteSize(free)} free, it keeps ${byteSize(minFreeDiskBytes)}): no new maps for now; maps already open carry on`,
    };
  }

  /** Charges a new map's bytes to the hour's budget, or says it does not fit. */
  takeBytes(bytes: number): BudgetRefusal | undefined {
    return this.bytes.take(bytes) ? undefined : this.bytesRefusal(bytes);
  }

  private bytesRefusal(bytes: number): BudgetRefusal {
    const retryAfter = this.bytes.secondsUntil(bytes);
    return {
      status: 507,
      code: 'disk-budget',
      limit: 'map-bytes',
      retryAfter,
      message: `the server's budget for new maps is spent (${byteSize(this.settings.newMapBytesPerHour)} an hour); try again in ${retryAfter} s`,
    };
  }
}
