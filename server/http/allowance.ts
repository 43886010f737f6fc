/**
 * An allowance that refills evenly over an hour, up to an hour's worth: `perHour` things an hour,
 * all at once if need be. Unlike sync's token bucket it can be given back (a refused request
 * spends nothing) and says when the next `amount` will be there (for Retry-After).
 */
export class HourlyAllowance {
  private left: number;
  private last: number;

  constructor(
    private readonly perHour: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.left = perHour;
    this.last = now();
  }

  private refill(): number {
    const now = this.now();
    this.left = Math.min(this.perHour, this.left + ((now - this.last) / 3_600_000) * this.perHour);
    this.last = now;
    return this.left;
  }

  /** True if there is this much left now. */
  has(amount = 1): boolean {
    return this.refill() >= amount;
  }

  take(amount = 1): boolean {
    if (this.refill() < amount) return false;
    this.left -= amount;
    return true;
  }

  give(amount = 1): void {
    this.left = Math.min(this.perHour, this.refill() + amount);
  }

  /** Whole seconds until `amount` is there (at least 1); an amount over an hour's worth never is: an hour. */
  secondsUntil(amount = 1): number {
    const missing = Math.min(amount, this.perHour) - this.refill();
    if (missing <= 0 || this.perHour === 0) return this.perHour === 0 ? 3600 : 1;
    return Math.max(1, Math.ceil((missing / this.perHour) * 3600));
  }

  /** Full again, so the one who used it can be forgotten. */
  get full(): boolean {
    return this.refill() >= this.perHour;
  }
}
