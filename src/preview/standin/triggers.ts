import { randomBytes } from 'node:crypto';

/** Slack's trigger_id lets an app open a modal once, within three seconds of the user's action. */
export const TRIGGER_LIFETIME_MS = 3000;

export type TriggerUse = 'ok' | 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id';

export class TriggerRegistry {
  private readonly issued = new Map<string, { at: number; used: boolean }>();
  private count = 0;

  constructor(private readonly now: () => number = Date.now) {}

  issue(): string {
    this.count += 1;
    const id = `${Math.floor(this.now() / 1000)}.${this.count}.${randomBytes(8).toString('hex')}`;
    this.issued.set(id, { at: this.now(), used: false });
    return id;
  }

  use(id: unknown): TriggerUse {
    if (typeof id !== 'string') return 'invalid_trigger_id';
    const trigger = this.issued.get(id);
    if (!trigger) return 'invalid_trigger_id';
    if (trigger.used) return 'exchanged_trigger_id';
    if (this.now() - trigger.at > TRIGGER_LIFETIME_MS) return 'expired_trigger_id';
    trigger.used = true;
    return 'ok';
  }
}
