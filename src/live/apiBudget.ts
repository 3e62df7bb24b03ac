const HOUR_MS = 3_600_000;

/** Fivetran's budget on paid plans; the API's X-Rate-Limit header says the account's own. */
export const DEFAULT_ACCOUNT_LIMIT_PER_HOUR = 20_000;

/**
 * Pulse's share of the account's hourly API budget: it counts its own calls over the last hour
 * (Fivetran's window rolls) and learns the account's limit and what is left from each answer.
 */
export class ApiBudget {
  private readonly calls: number[] = [];
  private limit: number = DEFAULT_ACCOUNT_LIMIT_PER_HOUR;
  private remaining: number | null = null;

  constructor(private readonly share: number) {}

  /** What an answer's headers said of the account's budget. */
  observe(limitHeader: string | null, remainingHeader: string | null): void {
    const limit = Number(limitHeader);
    if (limitHeader !== null && Number.isInteger(limit) && limit > 0) this.limit = limit;
    const remaining = Number(remainingHeader);
    if (remainingHeader !== null && Number.isInteger(remaining) && remaining >= 0) this.remaining = remaining;
  }

  /** How many calls Pulse may make in any hour. */
  allowance(): number {
    return Math.max(1, Math.floor(this.limit * this.share));
  }

  /** The last `X-Rate-Limit-Remaining` seen, null before the first answer. */
  accountRemaining(): number | null {
    return this.remaining;
  }

  /** Milliseconds until Pulse may make one more call within its share; 0 when it may now. */
  waitBefore(now: number): number {
    this.forget(now);
    if (this.calls.length < this.allowance()) return 0;
    const oldest = this.calls[this.calls.length - this.allowance()] ?? now;
    return Math.max(1, oldest + HOUR_MS - now);
  }

  /** How the budget stands, for the log and /healthz: the account's limit and what is left, Pulse's calls and allowance. */
  status(now: number): { accountLimit: number; accountRemaining: number | null; pulseCallsLastHour: number; pulseAllowance: number } {
    this.forget(now);
    return { accountLimit: this.limit, accountRemaining: this.remaining, pulseCallsLastHour: this.calls.length, pulseAllowance: this.allowance() };
  }

  spend(now: number): void {
    this.calls.push(now);
  }

  private forget(now: number): void {
    while (this.calls.length > 0 && (this.calls[0] ?? 0) <= now - HOUR_MS) this.calls.shift();
  }
}
