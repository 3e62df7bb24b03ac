import type { Logger } from '../log/logger';
import { describeFailure } from '../errors/explainFailure';
import { newClaimToken } from './ids';
import { isOutcomeUnknown, slackChannelOf, type AlertMessenger } from './messages';
import type { AlertRunPlan, PlannedEdit, PlannedPost, PlannedReminder, PlannedThreadNote } from './planAlertRun';
import { postingKey, type AlertStore } from './store';
import { auditBySystem, type AuditAction, type AuditEntry, type Incident } from './types';

export interface DeliveryOptions {
  store: AlertStore;
  messenger: AlertMessenger;
  logger: Logger;
  /** Gap between two messages to one channel; Slack allows about one a second. */
  minIntervalMs?: number;
  /** Injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunFailure {
  kind: 'post' | 'remind' | 'edit' | 'note';
  channel: string;
  incidentIds: string[];
  error: string;
  /** Slack may have carried it out: its answer was lost, late, or never came. */
  unknown?: boolean;
  /** Slack limited the channel and said to wait this many seconds before trying again. */
  retryAfterSeconds?: number;
}

/** A refusal for a rate limit carries Slack's Retry-After in seconds, as the Web API client reports it. */
function retryAfterOf(error: unknown): { retryAfterSeconds?: number } {
  const retryAfter = (error as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {};
}

/** What the Slack side of a run did, counted as it goes. */
export interface DeliveryTally {
  /** Slack messages posted (a grouped message counts once). */
  posted: number;
  /** Earlier posts whose answer was lost, found in their channel and recorded instead of posted again. */
  reconciled: number;
  reminded: number;
  edited: number;
  failures: RunFailure[];
}

const DEFAULT_MIN_INTERVAL_MS = 1100;

/**
 * How far before a claim its channel's history is searched: Slack's clock and ours may disagree a
 * little, and a message found a few minutes early costs nothing.
 */
const RECONCILE_MARGIN_MS = 5 * 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Slack side of one alert run, once its state changes are stored: posts, reminders, edits
 * and notes of what changed, queued per channel. Paced within a channel, channels side by side, and
 * one channel's failure does not hold up the others.
 */
export async function deliverAlertRun(options: DeliveryOptions, plan: AlertRunPlan, tally: DeliveryTally): Promise<void> {
  const delivery = new RunDelivery(options, plan, tally);
  const queues = new ChannelQueues();
  for (const post of plan.posts) queues.add(post.channel, () => delivery.post(post));
  for (const note of plan.reminders) queues.add(note.channel, () => delivery.remind(note));
  for (const edit of plan.edits) queues.add(edit.channel, () => delivery.edit(edit));
  for (const note of plan.changeNotes) queues.add(note.channel, () => delivery.noteChanges(note));
  await queues.drain(options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS, options.sleep ?? realSleep);
}

type Job = () => Promise<void>;

class ChannelQueues {
  private readonly queues = new Map<string, Job[]>();

  add(channel: string, job: Job): void {
    const queue = this.queues.get(channel) ?? [];
    queue.push(job);
    this.queues.set(channel, queue);
  }

  async drain(minIntervalMs: number, sleep: (ms: number) => Promise<void>): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map(async (jobs) => {
        for (let index = 0; index < jobs.length; index += 1) {
          if (index > 0 && minIntervalMs > 0) await sleep(minIntervalMs);
          await (jobs[index] as Job)();
        }
      }),
    );
  }
}

/**
 * Each post is claimed in the store before it is sent and its ts recorded after, so a crash or a
 * concurrent run never posts twice; a failed post gives its claim back and is tried next run.
 */
class RunDelivery {
  private readonly byId: Map<string, Incident>;
  private readonly now: Date;
  /**
   * After a failed post or reminder a channel gets no more of them this run (Slack is likely down
   * or limiting it); they are all tried again next run.
   */
  private readonly unavailable = new Set<string>();

  constructor(
    private readonly options: DeliveryOptions,
    private readonly plan: AlertRunPlan,
    private readonly tally: DeliveryTally,
  ) {
    this.byId = new Map(plan.incidents.map((incident) => [incident.incidentId, incident]));
    this.now = new Date(plan.now);
  }

  async post(post: PlannedPost): Promise<void> {
    const { store, messenger } = this.options;
    if (this.deferred('post', post.channel, post.incidentIds)) return;
    const pending = await this.reconcile(post);
    if (pending === null) return;
    const token = newClaimToken();
    const claims = pending.incidentIds.map((incidentId) => ({
      incidentId, fingerprint: this.incident(incidentId).fingerprint, channel: post.channel, groupId: post.groupId, claimToken: token,
    }));
    let won: Set<string>;
    try {
      won = await store.claimPostings(claims, pending.replaces, this.now);
    } catch (error) {
      this.failed({ kind: 'post', channel: post.channel, incidentIds: pending.incidentIds, error: `could not claim: ${describeFailure(error, { details: true })}` });
      return;
    }
    const incidents = pending.incidentIds.filter((id) => won.has(postingKey(id, post.channel))).map((id) => this.incident(id));
    if (incidents.length === 0) return; // another run holds these postings
    let posted: { ts: string; channel: string };
    try {
      posted = await messenger.post({ channel: post.channel, groupId: post.groupId, incidents, mention: post.mention, claimToken: token });
    } catch (error) {
      const description = describeFailure(error, { details: true });
      const incidentIds = incidents.map((i) => i.incidentId);
      if (isOutcomeUnknown(error)) {
        // Slack may have posted it: the claim stays, and the next run looks for it before posting.
        this.failed({ kind: 'post', channel: post.channel, incidentIds, error: `${description}; the channel is checked for it before it is posted again`, unknown: true });
        await this.safely(() => store.audit(incidents.map((incident) => this.entry(incident, 'post_unconfirmed', post.channel, description))));
        return;
      }
      this.failed({ kind: 'post', channel: post.channel, incidentIds, error: description, ...retryAfterOf(error) });
      await this.safely(() => store.releaseClaim(token));
      await this.safely(() => store.audit(incidents.map((incident) => this.entry(incident, 'post_failed', post.channel, description))));
      return;
    }
    this.tally.posted += 1;
    // Posted: from here on the claim is never given back, even if recording fails, so the
    // message cannot be posted a second time.
    await this.safely(() => store.recordPosted(token, { ts: posted.ts, channelId: posted.channel }, this.now));
    await this.safely(() => store.audit(incidents.map((incident) => this.entry(incident, 'posted', post.channel, post.groupId ? `grouped ${post.groupId}` : null))));
  }

  /**
   * Earlier claims on this post's incidents that Slack never confirmed are looked for in the
   * channel, by the claim in each message's metadata: one found is recorded as posted, and only the
   * incidents of claims Slack does not have are posted again. Null when nothing is left to post.
   */
  private async reconcile(post: PlannedPost): Promise<{ incidentIds: string[]; replaces: string[] } | null> {
    const { store, messenger } = this.options;
    let incidentIds = post.incidentIds;
    const replaces: string[] = [];
    for (const token of new Set(post.replacesClaims)) {
      const holders = incidentIds.filter((id) => this.incident(id).messages.some((m) => m.channel === post.channel && m.claimToken === token));
      const claim = holders.length > 0 ? this.incident(holders[0] as string).messages.find((m) => m.claimToken === token) : undefined;
      if (!claim) {
        replaces.push(token);
        continue;
      }
      let found: { ts: string; channel: string } | null;
      try {
        found = await messenger.findPosted({ channel: post.channel, claimToken: token, since: new Date(new Date(claim.claimedAt).getTime() - RECONCILE_MARGIN_MS) });
      } catch (error) {
        if (!isOutcomeUnknown(error)) {
          // Slack refuses to show the channel (the bot is not a member, a scope is missing): an alert
          // posted twice is better than one never posted, so it is posted, and the log says how to fix it.
          this.options.logger.warn(
            { channel: post.channel, error: describeFailure(error, { details: true }) },
            'could not read the channel to check whether an alert arrived; posting it again (invite the app to the channel so it can check)',
          );
          replaces.push(token);
          continue;
        }
        // Not knowing whether it arrived, nothing is posted: the claim stays for the next run.
        this.failed({ kind: 'post', channel: post.channel, incidentIds: holders, error: `could not check whether an earlier post arrived: ${describeFailure(error, { details: true })}`, unknown: true });
        return null;
      }
      if (found === null) {
        replaces.push(token);
        continue;
      }
      const ts = found.ts;
      const channelId = found.channel;
      incidentIds = incidentIds.filter((id) => !holders.includes(id));
      this.tally.reconciled += 1;
      await this.safely(() => store.recordPosted(token, { ts, channelId }, this.now));
      await this.safely(() => store.audit(holders.map((id) => this.entry(this.incident(id), 'posted', post.channel, 'found in the channel after its answer was lost'))));
    }
    return incidentIds.length > 0 ? { incidentIds, replaces } : null;
  }

  async remind(note: PlannedReminder): Promise<void> {
    const { store, messenger } = this.options;
    if (this.deferred('remind', note.channel, note.incidentIds)) return;
    const incidents = note.incidentIds.map((id) => this.incident(id));
    try {
      await messenger.note({
        kind: 'reminder', channel: this.slackChannel(incidents, note.channel, note.threadTs), threadTs: note.threadTs, incidents, at: this.plan.now, mention: note.mention,
      });
    } catch (error) {
      const description = describeFailure(error, { details: true });
      const unknown = isOutcomeUnknown(error);
      this.failed({ kind: 'remind', channel: note.channel, incidentIds: note.incidentIds, error: description, ...(unknown ? { unknown } : {}), ...retryAfterOf(error) });
      await this.safely(() => store.audit(incidents.map((incident) => this.entry(incident, 'remind_failed', note.channel, description))));
      // A reminder is a post too: one that may have arrived counts as sent rather than risk a second.
      if (unknown) await this.safely(() => store.markReminded(this.tokensIn(incidents, note), this.now));
      return;
    }
    this.tally.reminded += 1;
    await this.safely(() => store.markReminded(this.tokensIn(incidents, note), this.now));
    await this.safely(() => store.audit(incidents.map((incident) => this.entry(incident, 'reminded', note.channel))));
  }

  async edit(edit: PlannedEdit): Promise<void> {
    const { store, messenger } = this.options;
    const incidents = edit.incidentIds.map((id) => this.byId.get(id)).filter((incident): incident is Incident => incident !== undefined);
    try {
      await messenger.edit({ channel: this.slackChannel(incidents, edit.channel, edit.ts), ts: edit.ts, groupId: edit.groupId, incidents });
      this.tally.edited += 1;
    } catch (error) {
      const description = describeFailure(error, { details: true });
      this.failed({ kind: 'edit', channel: edit.channel, incidentIds: edit.incidentIds, error: description, ...retryAfterOf(error) });
      await this.safely(() => store.audit(incidents.map((incident) => this.entry(incident, 'edit_failed', edit.channel, description))));
    }
  }

  async noteChanges(note: PlannedThreadNote): Promise<void> {
    const incidents = note.incidentIds.map((id) => this.incident(id));
    const changes = incidents.flatMap((incident) => {
      const change = this.plan.changes[incident.incidentId];
      return change ? [{ incident, change }] : [];
    });
    try {
      await this.options.messenger.note({ kind: 'change', channel: this.slackChannel(incidents, note.channel, note.threadTs), threadTs: note.threadTs, changes, at: this.plan.now });
    } catch (error) {
      this.failed({ kind: 'note', channel: note.channel, incidentIds: note.incidentIds, error: describeFailure(error, { details: true }) });
      return;
    }
    // An incident firing again is told in its thread: its reminders count from this note.
    const reopened = incidents.filter((incident) => this.plan.changes[incident.incidentId]?.kind === 'reopened');
    if (reopened.length > 0) await this.safely(() => this.options.store.markReminded(this.tokensIn(reopened, note), this.now));
  }

  /** The claims of these incidents' postings in one thread. */
  private tokensIn(incidents: readonly Incident[], note: PlannedThreadNote): Array<{ claimToken: string; incidentId: string }> {
    return incidents.flatMap((incident) =>
      incident.messages.filter((m) => m.channel === note.channel && m.ts === note.threadTs).map((m) => ({ claimToken: m.claimToken, incidentId: incident.incidentId })),
    );
  }

  private incident(incidentId: string): Incident {
    return this.byId.get(incidentId) as Incident;
  }

  /** The channel id the message was posted to, as Slack answered; the routed channel when none was stored. */
  private slackChannel(incidents: readonly Incident[], channel: string, ts: string): string {
    return slackChannelOf(incidents[0]?.messages.find((m) => m.channel === channel && m.ts === ts) ?? { channel, channelId: null });
  }

  private entry(incident: Incident, action: AuditAction, channel: string, detail: string | null = null): AuditEntry {
    return { ...auditBySystem(incident, action, this.plan.now, detail), channel };
  }

  private failed(failure: RunFailure): void {
    this.tally.failures.push(failure);
    if (failure.kind === 'post' || failure.kind === 'remind') this.unavailable.add(failure.channel);
    this.options.logger.warn(
      { channel: failure.channel, kind: failure.kind, incidents: failure.incidentIds.length, error: failure.error },
      'Slack call for an alert failed',
    );
  }

  private deferred(kind: RunFailure['kind'], channel: string, incidentIds: string[]): boolean {
    if (!this.unavailable.has(channel)) return false;
    this.tally.failures.push({ kind, channel, incidentIds, error: 'deferred to the next run after an earlier failure in this channel' });
    return true;
  }

  private async safely(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.logger.error({ error: describeFailure(error, { details: true }) }, 'could not record an alert outcome in the store');
    }
  }
}
