import type { SlackPoster } from './slackPoster';
import type { Logger } from '../log/logger';
import { minutesBetween } from '../time/formatDuration';
import { buildErrorAnswer } from '../views/blocks';

/** Consecutive failed runs before Pulse says monitoring is degraded: one blip is not news. */
export const DEGRADED_AFTER_FAILURES = 3;

/**
 * Says once that monitoring is degraded after repeated failed runs, and once that it recovered:
 * never a notice per hour. Kept in memory, because the warehouse that would hold it is what failed.
 */
export class MonitoringHealth {
  private failures = 0;
  private degradedSince: Date | null = null;

  constructor(
    private readonly poster: SlackPoster,
    private readonly opsChannel: string,
    private readonly logger: Logger,
  ) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  get degraded(): boolean {
    return this.degradedSince !== null;
  }

  async failed(job: string, reason: string, now: Date): Promise<void> {
    this.failures += 1;
    this.logger.warn({ job, consecutiveFailures: this.failures, reason }, `${job} run failed; the next scheduled run tries again`);
    if (this.failures < DEGRADED_AFTER_FAILURES || this.degradedSince) return;
    const notice = buildErrorAnswer({
      kind: 'failure',
      message: `Monitoring is degraded: the last ${this.failures} runs could not read Fivetran's metadata (${reason}). Alerts are not being checked until this recovers.`,
      hint: 'Pulse keeps trying at every scheduled run and will say here when it is back.',
    });
    try {
      await this.poster.postMessage({ channel: this.opsChannel, text: notice.text, blocks: notice.blocks });
      this.degradedSince = now;
    } catch (error) {
      this.logger.error({ err: error }, 'could not post the monitoring degraded notice');
    }
  }

  async succeeded(now: Date): Promise<void> {
    this.failures = 0;
    if (!this.degradedSince) return;
    const minutes = Math.round(minutesBetween(this.degradedSince, now));
    const text = `:white_check_mark: Monitoring recovered: Pulse can read Fivetran's metadata again (degraded for about ${minutes} min). Alerts are checked again.`;
    try {
      await this.poster.postMessage({ channel: this.opsChannel, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
      this.degradedSince = null;
    } catch (error) {
      this.logger.error({ err: error }, 'could not post the monitoring recovered notice');
    }
  }
}
