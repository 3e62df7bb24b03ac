import type { Logger } from '../log/logger';
import { describeFailure } from '../errors/explainFailure';
import { newClaimToken, newDeliveryToken } from './ids';
import { isOutcomeUnknown, slackChannelOf, type AlertMessenger, type AlertNote, type IncidentChange } from './messages';
import { RECONCILE_AFTER_MS, type AlertRunPlan, type PlannedPost } from './planAlertRun';
import { postingKey, type AlertStore, type QueuedDelivery } from './store';
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
  /** In how many milliseconds the next queued edit, note or reminder is due; null when none waits. */
  nextDeliveryInMs?: number | null;
}

const DEFAULT_MIN_INTERVAL_MS = 1100;

/**
 * How far before a claim its channel's history is searched: Slack's clock and ours may disagree a
 * little, and a message found a few minutes early costs nothing.
 */
const RECONCILE_MARGIN_MS = 5 * 60_000;

/** Waits before a queued delivery is tried again: a minute, then longer while Slack stays unsure or limited. */
export const DELIVERY_BACKOFF_MS = [60_000, 120_000, 300_000, 900_000] as const;

/** Slack refusing an edit or note this often (a deleted message, an archived channel) ends its tries. */
const MAX_REFUSED_ATTEMPTS = 3;

const HELD_BACK = 'deferred after an earlier failure in this channel';

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait after the n-th attempt (1-based) of a delivery. */
export function backoffAfter(attempts: number): number {
  return DELIVERY_BACKOFF_MS[Math.min(Math.max(attempts, 1), DELIVERY_BACKOFF_MS.length) - 1] as number;
}

/**
 * The Slack side of one alert run, once its state changes are stored. Posts are claimed one by one;
 * edits, notes and reminders are stored in the delivery queue first (in one statement), then sent
 * and taken off it, so one that fails, is limited or whose answer is lost stays for the delivery loop.
 * Calls are paced within a channel, channels side by side, and a channel that times out or is rate
 * limited gets nothing more this run: the rest of its calls wait in the queue.
 */
export async function deliverAlertRun(options: DeliveryOptions, plan: AlertRunPlan, tally: DeliveryTally, queue?: DeliveryQueueState): Promise<void> {
  const state = queue ?? (await DeliveryQueueState.read(options));
  const delivery = new Delivery(options, plan.incidents, new Date(plan.now), tally, state);
  // A reminder whose outcome is unknown does not count as sent, but none is written beside it meanwhile.
  const reminding = new Set(state.list().filter((row) => row.kind === 'reminder').map((row) => `${row.channel}\u0000${row.ts}`));
  const reminders = plan.reminders.filter((note) => !reminding.has(`${note.channel}\u0000${note.threadTs}`));
  const rows = [
    ...reminders.map((note) => delivery.runRow('reminder', note.channel, note.threadTs, null, note.incidentIds, delivery.reminderNote(note))),
    ...plan.edits.map((edit) => delivery.runRow('edit', edit.channel, edit.ts, edit.groupId, edit.incidentIds, null)),
    ...plan.changeNotes.map((note) => delivery.runRow('note', note.channel, note.threadTs, null, note.incidentIds, delivery.changeNote(note, plan.changes))),
  ];
  await delivery.store(rows);
  const queues = new ChannelQueues();
  for (const post of plan.posts) queues.add(post.channel, () => delivery.post(post));
  for (const row of rows) queues.add(row.channel, () => delivery.send(row, true));
  await queues.drain(options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS, options.sleep ?? realSleep);
  await delivery.finish();
}

/**
 * The delivery loop's pass: claims Slack never confirmed on incidents no longer open are settled
 * (found: recorded, and the message edited to how the incident stands; not found: given back), then
 * every queued edit, note and reminder that is due is sent. A note whose last attempt's outcome is
 * unknown is first looked for in its thread by the token in its metadata.
 */
export async function deliverQueued(options: DeliveryOptions, incidents: readonly Incident[], now: Date, tally: DeliveryTally, queue?: DeliveryQueueState): Promise<void> {
  const state = queue ?? (await DeliveryQueueState.read(options));
  const settling = new Delivery(options, incidents, now, tally, state);
  await settling.settleClaims();
  await settling.finish();
  const due = state.list().filter((row) => isDue(row, now.getTime()));
  if (due.length > 0) {
    const shown = await options.store.getShownWith([...new Set(due.flatMap((row) => row.incidentIds))]);
    const delivery = new Delivery(options, shown, now, tally, state);
    const queues = new ChannelQueues();
    for (const row of due) queues.add(row.channel, () => delivery.send(row, false));
    await queues.drain(options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS, options.sleep ?? realSleep);
    await delivery.finish();
  }
  tally.nextDeliveryInMs = nextDue(state.list(), now.getTime());
}

/**
 * The delivery queue as this process last read and changed it: read once per run or pass, so a
 * quiet run costs one read of it, and kept up to date as deliveries are stored, sent and retried.
 */
export class DeliveryQueueState {
  private readonly rows: Map<string, QueuedDelivery>;

  private constructor(rows: readonly QueuedDelivery[]) {
    this.rows = new Map(rows.map((row) => [row.deliveryId, row]));
  }

  static async read(options: Pick<DeliveryOptions, 'store' | 'logger'>): Promise<DeliveryQueueState> {
    try {
      return new DeliveryQueueState(await options.store.listQueuedDeliveries());
    } catch (error) {
      options.logger.error({ error: describeFailure(error, { details: true }) }, 'could not read the alert delivery queue');
      return new DeliveryQueueState([]);
    }
  }

  list(): QueuedDelivery[] {
    return [...this.rows.values()];
  }

  has(kind: QueuedDelivery['kind']): boolean {
    return this.list().some((row) => row.kind === kind);
  }

  put(rows: readonly QueuedDelivery[]): void {
    for (const row of rows) this.rows.set(row.deliveryId, row);
  }

  patch(deliveryId: string, change: Partial<QueuedDelivery>): void {
    const row = this.rows.get(deliveryId);
    if (row) this.rows.set(deliveryId, { ...row, ...change });
  }

  remove(deliveryIds: readonly string[], kind?: QueuedDelivery['kind']): void {
    for (const id of deliveryIds) this.rows.delete(id);
    if (kind) for (const row of this.list()) if (row.kind === kind) this.rows.delete(row.deliveryId);
  }

  /** Drops the marks of refused posts (the run plans them afresh), remembering them so one refused again keeps its age. */
  dropPostMarks(): void {
    this.earlierMarks = this.list().filter((row) => row.kind === 'post');
    this.remove([], 'post');
  }

  /** The mark a post refused before had, for the same channel and incidents. */
  earlierMark(channel: string, incidentIds: readonly string[]): QueuedDelivery | undefined {
    return this.earlierMarks.find((mark) => mark.channel === channel && mark.incidentIds.some((id) => incidentIds.includes(id)));
  }

  private earlierMarks: QueuedDelivery[] = [];
}

/** When a queued delivery may be tried: its time has come, and one whose answer is unknown is old enough to look for. */
function dueAt(row: QueuedDelivery): number {
  if (row.kind === 'post' || row.nextAttemptAt === null) return Number.POSITIVE_INFINITY;
  const retry = Date.parse(row.nextAttemptAt);
  // Another process may still be waiting for Slack's answer to an attempt younger than this.
  return row.unknown && row.attemptedAt !== null ? Math.max(retry, Date.parse(row.attemptedAt) + RECONCILE_AFTER_MS) : retry;
}

function isDue(row: QueuedDelivery, nowMs: number): boolean {
  return dueAt(row) <= nowMs;
}

function nextDue(rows: readonly QueuedDelivery[], nowMs: number): number | null {
  const next = Math.min(...rows.map(dueAt));
  return Number.isFinite(next) ? Math.max(0, next - nowMs) : null;
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

const FAILURE_KIND: Record<QueuedDelivery['kind'], RunFailure['kind']> = { edit: 'edit', note: 'note', reminder: 'remind', post: 'post' };
const FAILED_ACTION: Record<QueuedDelivery['kind'], AuditAction> = { edit: 'edit_failed', note: 'note_failed', reminder: 'remind_failed', post: 'post_failed' };

/**
 * Each post is claimed in the store before it is sent and its ts recorded after, so a crash or a
 * concurrent run never posts twice; a failed post gives its claim back and is tried next run.
 * Edits, notes and reminders leave the queue once Slack confirms them.
 */
class Delivery {
  private readonly byId: Map<string, Incident>;
  private readonly nowIso: string;
  /**
   * Channels that get nothing more this run, with when they may be tried again: after a failed post
   * or reminder (Slack is likely down or limiting it), or any call that timed out or was limited.
   */
  private readonly held = new Map<string, number>();
  private readonly delivered: string[] = [];
  private readonly postMarks: QueuedDelivery[] = [];

  constructor(
    private readonly options: DeliveryOptions,
    incidents: readonly Incident[],
    private readonly now: Date,
    private readonly tally: DeliveryTally,
    private readonly queue: DeliveryQueueState,
  ) {
    this.byId = new Map(incidents.map((incident) => [incident.incidentId, incident]));
    this.nowIso = now.toISOString();
  }

  /** Stores deliveries in the queue (one statement per chunk). */
  async store(rows: readonly QueuedDelivery[]): Promise<void> {
    if (rows.length === 0) return;
    this.queue.put(rows);
    await this.safely(() => this.options.store.queueDeliveries(rows));
  }

  /** A delivery of this run, stored as in attempt: a note whose process dies mid-call is looked for before it is sent again. */
  runRow(kind: QueuedDelivery['kind'], channel: string, ts: string, groupId: string | null, incidentIds: string[], note: AlertNote | null): QueuedDelivery {
    const deliveryId = newDeliveryToken();
    const incidents = incidentIds.map((id) => this.byId.get(id)).filter((incident): incident is Incident => incident !== undefined);
    return {
      deliveryId, kind, channel, slackChannel: this.slackChannel(incidents, channel, ts), ts, groupId, incidentIds,
      note: note ? { ...note, token: deliveryId } : null, createdAt: this.nowIso, attempts: 1,
      nextAttemptAt: new Date(this.now.getTime() + backoffAfter(1)).toISOString(), attemptToken: deliveryId, attemptedAt: this.nowIso,
      unknown: kind !== 'edit', lastError: null,
    };
  }

  reminderNote(note: { channel: string; threadTs: string; incidentIds: string[]; mention: string | null }): AlertNote {
    const incidents = note.incidentIds.map((id) => this.incident(id));
    return { kind: 'reminder', channel: this.slackChannel(incidents, note.channel, note.threadTs), threadTs: note.threadTs, incidents, at: this.nowIso, mention: note.mention };
  }

  changeNote(note: { channel: string; threadTs: string; incidentIds: string[] }, changes: Record<string, IncidentChange>): AlertNote {
    const incidents = note.incidentIds.map((id) => this.incident(id));
    const told = incidents.flatMap((incident) => {
      const change = changes[incident.incidentId];
      return change ? [{ incident, change }] : [];
    });
    return { kind: 'change', channel: this.slackChannel(incidents, note.channel, note.threadTs), threadTs: note.threadTs, changes: told, at: this.nowIso };
  }

  async post(post: PlannedPost): Promise<void> {
    const { store, messenger } = this.options;
    if (this.heldBack('post', post.channel, post.incidentIds)) {
      this.markPost(post.channel, post.incidentIds, this.held.get(post.channel) ?? null, HELD_BACK);
      return;
    }
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
      const limited = retryAfterOf(error);
      this.failed({ kind: 'post', channel: post.channel, incidentIds, error: description, ...limited });
      this.markPost(post.channel, incidentIds, limited.retryAfterSeconds === undefined ? null : this.now.getTime() + limited.retryAfterSeconds * 1000, description);
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
   * channel, by the claim in each message's metadata: one found is recorded as posted (and edited to
   * how its incidents stand now), and only the incidents of claims Slack does not have are posted
   * again. Null when nothing is left to post.
   */
  private async reconcile(post: PlannedPost): Promise<{ incidentIds: string[]; replaces: string[] } | null> {
    let incidentIds = post.incidentIds;
    const replaces: string[] = [];
    for (const token of new Set(post.replacesClaims)) {
      const holders = incidentIds.filter((id) => this.incident(id).messages.some((m) => m.channel === post.channel && m.claimToken === token));
      const claim = holders.length > 0 ? this.incident(holders[0] as string).messages.find((m) => m.claimToken === token) : undefined;
      if (!claim) {
        replaces.push(token);
        continue;
      }
      const found = await this.lookUp(post.channel, claim.claimToken, claim.claimedAt, holders);
      if (found === 'unknown') return null;
      if (found === null) {
        replaces.push(token);
        continue;
      }
      incidentIds = incidentIds.filter((id) => !holders.includes(id));
      await this.recordFound(post.channel, claim.claimToken, claim.groupId, holders, found);
    }
    return incidentIds.length > 0 ? { incidentIds, replaces } : null;
  }

  /**
   * Looks for a claim's message in its channel. Unknown when Slack could not tell; null when it is
   * not there, or when Slack refuses to show the channel (the bot is not a member, a scope is
   * missing): an alert posted twice is better than one never posted, and the log says how to fix it.
   */
  private async lookUp(channel: string, claimToken: string, claimedAt: string, holders: string[]): Promise<{ ts: string; channel: string } | null | 'unknown'> {
    try {
      return await this.options.messenger.findPosted({ channel, claimToken, since: new Date(Date.parse(claimedAt) - RECONCILE_MARGIN_MS) });
    } catch (error) {
      const limited = retryAfterOf(error);
      if (!isOutcomeUnknown(error) && limited.retryAfterSeconds === undefined) {
        this.options.logger.warn(
          { channel, error: describeFailure(error, { details: true }) },
          'could not read the channel to check whether an alert arrived; posting it again (invite the app to the channel so it can check)',
        );
        return null;
      }
      // Not knowing whether it arrived (no answer, or a rate limit), nothing is posted: the claim stays for the next run.
      this.failed({ kind: 'post', channel, incidentIds: holders, error: `could not check whether an earlier post arrived: ${describeFailure(error, { details: true })}`, unknown: true, ...limited });
      return 'unknown';
    }
  }

  /** A claim's message found in its channel: its ts is recorded, and it is edited to show its incidents as they stand. */
  private async recordFound(channel: string, claimToken: string, groupId: string | null, holders: string[], found: { ts: string; channel: string }): Promise<void> {
    const { store } = this.options;
    this.tally.reconciled += 1;
    await this.safely(() => store.recordPosted(claimToken, { ts: found.ts, channelId: found.channel }, this.now));
    await this.safely(() => store.audit(holders.map((id) => this.entry(this.incident(id), 'posted', channel, 'found in the channel after its answer was lost'))));
    const incidents = holders.map((id) => this.incident(id));
    const rows: QueuedDelivery[] = [{ ...this.dueRow('edit', channel, found.channel, found.ts, groupId, holders), note: null }];
    // A resolution the message never showed is told in its thread too.
    const resolved = incidents.filter((incident) => incident.status === 'resolved');
    if (resolved.length > 0) {
      const changes = resolved.map((incident) => ({ incident, change: resolvedChange(incident) }));
      const row = this.dueRow('note', channel, found.channel, found.ts, null, resolved.map((incident) => incident.incidentId));
      rows.push({ ...row, note: { kind: 'change', channel: found.channel, threadTs: found.ts, changes, at: this.nowIso, token: row.deliveryId } });
    }
    await this.store(rows);
  }

  private dueRow(kind: QueuedDelivery['kind'], channel: string, slackChannel: string, ts: string, groupId: string | null, incidentIds: string[]): QueuedDelivery {
    return {
      deliveryId: newDeliveryToken(), kind, channel, slackChannel, ts, groupId, incidentIds, note: null, createdAt: this.nowIso, attempts: 0,
      nextAttemptAt: this.nowIso, attemptToken: null, attemptedAt: null, unknown: false, lastError: null,
    };
  }

  /**
   * Claims Slack never confirmed on incidents that are no longer open (acknowledged, snoozed or
   * resolved before anyone knew whether their post arrived): nothing is posted for them, but a
   * message that did arrive is recorded, so it is edited to how its incidents stand.
   */
  async settleClaims(): Promise<void> {
    const nowMs = this.now.getTime();
    const claims = new Map<string, { channel: string; groupId: string | null; claimedAt: string; holders: Incident[] }>();
    for (const incident of this.byId.values()) {
      for (const message of incident.messages) {
        if (message.ts !== null || nowMs - Date.parse(message.claimedAt) < RECONCILE_AFTER_MS) continue;
        const entry = claims.get(message.claimToken) ?? { channel: message.channel, groupId: message.groupId, claimedAt: message.claimedAt, holders: [] };
        entry.holders.push(incident);
        claims.set(message.claimToken, entry);
      }
    }
    for (const [claimToken, claim] of claims) {
      // A claim on an open incident is posted by the alert run or reconciliation, which look for it first.
      if (claim.holders.some((incident) => incident.status === 'open')) continue;
      const holders = claim.holders.map((incident) => incident.incidentId);
      const found = await this.lookUp(claim.channel, claimToken, claim.claimedAt, holders);
      if (found === 'unknown') continue;
      if (found === null) await this.safely(() => this.options.store.releaseClaim(claimToken));
      else await this.recordFound(claim.channel, claimToken, claim.groupId, holders, found);
    }
  }

  /** Sends one queued delivery; `fresh` when this run stored it (already in attempt), not the loop. */
  async send(row: QueuedDelivery, fresh: boolean): Promise<void> {
    const { store, messenger } = this.options;
    const kind = FAILURE_KIND[row.kind];
    if (this.heldBack(kind, row.channel, row.incidentIds)) {
      await this.retry(row.deliveryId, {
        attempts: fresh ? 0 : row.attempts,
        nextAttemptAt: new Date(this.held.get(row.channel) as number).toISOString(),
        unknown: fresh ? false : row.unknown,
        lastError: HELD_BACK,
      });
      return;
    }
    if (row.ts === null || row.kind === 'post') return;
    const ts = row.ts;
    let attempts = fresh ? row.attempts : row.attempts + 1;
    // Until the call itself is sent, a failure (a lookup that timed out or was limited) leaves the
    // earlier attempt's outcome as it was: a note that may have arrived must still be looked for.
    let sending = fresh;
    try {
      if (row.kind === 'edit') {
        sending = true;
        const incidents = this.shownIn(row);
        if (incidents.length === 0) return this.done(row); // the message's incidents are no longer stored
        await messenger.edit({ channel: row.slackChannel, ts, groupId: row.groupId, incidents });
        this.tally.edited += 1;
        return this.done(row);
      }
      const note = row.note;
      if (note === null) return this.done(row);
      if (!fresh) {
        if (row.kind === 'reminder' && !row.incidentIds.some((id) => this.byId.get(id)?.status === 'open')) return this.done(row); // acknowledged, snoozed or resolved meanwhile
        if (row.unknown && (await this.noteArrived(row, ts))) return await this.noted(row, note);
        const attemptToken = newDeliveryToken();
        if (!(await store.beginAttempt(row, attemptToken, this.now))) return; // another process took it
        attempts = row.attempts + 1;
        this.queue.patch(row.deliveryId, { attempts, attemptToken, attemptedAt: this.nowIso, unknown: true });
        sending = true;
      }
      await messenger.note({ ...note, channel: row.slackChannel, threadTs: ts, token: row.deliveryId });
      return await this.noted(row, note);
    } catch (error) {
      return this.sendFailed(row, attempts, error, sending ? isOutcomeUnknown(error) : row.unknown);
    }
  }

  /**
   * Whether an earlier attempt's note is in its thread. Slack refusing to show the thread (the bot
   * left the channel, a scope is missing) counts as not there: a note written twice is better than
   * one never written. Not knowing (no answer, a rate limit) rejects, and the note waits.
   */
  private async noteArrived(row: QueuedDelivery, threadTs: string): Promise<boolean> {
    try {
      return await this.options.messenger.findNote({ channel: row.slackChannel, threadTs, token: row.deliveryId });
    } catch (error) {
      if (isOutcomeUnknown(error) || retryAfterOf(error).retryAfterSeconds !== undefined) throw error;
      this.options.logger.warn(
        { channel: row.channel, error: describeFailure(error, { details: true }) },
        'could not read a thread to check whether an alert note arrived; writing it again (invite the app to the channel so it can check)',
      );
      return false;
    }
  }

  /** A note confirmed (or found in its thread): a reminder counts as sent, and an incident firing again reminds from here. */
  private async noted(row: QueuedDelivery, note: AlertNote): Promise<void> {
    const incidents = note.kind === 'reminder' ? note.incidents : note.changes.filter((entry) => entry.change.kind === 'reopened').map((entry) => entry.incident);
    if (note.kind === 'reminder') {
      this.tally.reminded += 1;
      await this.safely(() => this.options.store.audit(incidents.map((incident) => this.entry(incident, 'reminded', row.channel))));
    }
    const reminded = incidents.flatMap((incident) =>
      incident.messages.filter((m) => m.channel === row.channel && m.ts === row.ts).map((m) => ({ claimToken: m.claimToken, incidentId: incident.incidentId })),
    );
    if (reminded.length > 0) await this.safely(() => this.options.store.markReminded(reminded, this.now));
    this.done(row);
  }

  private done(row: QueuedDelivery): void {
    this.delivered.push(row.deliveryId);
  }

  /** `unknown`: whether Slack may now hold the note or edit, from this attempt or an earlier one. */
  private async sendFailed(row: QueuedDelivery, attempts: number, error: unknown, unknown: boolean): Promise<void> {
    const { store, logger } = this.options;
    const description = describeFailure(error, { details: true });
    const limited = retryAfterOf(error);
    const kind = FAILURE_KIND[row.kind];
    const timedOut = isOutcomeUnknown(error);
    this.failed({ kind, channel: row.channel, incidentIds: row.incidentIds, error: description, ...(timedOut ? { unknown: timedOut } : {}), ...limited });
    const incidents = row.incidentIds.map((id) => this.byId.get(id)).filter((incident): incident is Incident => incident !== undefined);
    await this.safely(() => store.audit(incidents.map((incident) => this.entry(incident, FAILED_ACTION[row.kind], row.channel, description))));
    if (!unknown && limited.retryAfterSeconds === undefined && attempts >= MAX_REFUSED_ATTEMPTS) {
      logger.error({ channel: row.channel, kind, attempts, error: description }, 'Slack kept refusing an alert edit or note; it is given up');
      this.done(row);
      return;
    }
    const retryAt = this.now.getTime() + Math.max(backoffAfter(attempts), (limited.retryAfterSeconds ?? 0) * 1000);
    if (timedOut || limited.retryAfterSeconds !== undefined) this.hold(row.channel, retryAt);
    await this.retry(row.deliveryId, { attempts, nextAttemptAt: new Date(retryAt).toISOString(), unknown, lastError: description });
  }

  private async retry(deliveryId: string, retry: Pick<QueuedDelivery, 'attempts' | 'nextAttemptAt' | 'unknown' | 'lastError'>): Promise<void> {
    this.queue.patch(deliveryId, retry);
    await this.safely(() => this.options.store.retryDelivery(deliveryId, retry));
  }

  /** Every incident the queued edit's message shows, as they stand now. */
  private shownIn(row: QueuedDelivery): Incident[] {
    if (row.groupId === null) return row.incidentIds.map((id) => this.byId.get(id)).filter((incident): incident is Incident => incident !== undefined);
    return [...this.byId.values()].filter((incident) => incident.messages.some((m) => m.groupId === row.groupId && m.ts === row.ts));
  }

  /** Takes what was delivered off the queue and stores the marks of posts Slack refused, each in one statement. */
  async finish(): Promise<void> {
    const delivered = this.delivered.splice(0);
    if (delivered.length > 0) {
      this.queue.remove(delivered);
      await this.safely(() => this.options.store.completeDeliveries(delivered));
    }
    await this.store(this.postMarks.splice(0));
  }

  private markPost(channel: string, incidentIds: string[], retryAtMs: number | null, error: string): void {
    // Refused again, a post keeps the age it had, so one Slack keeps refusing is still found overdue.
    const earlier = this.queue.earlierMark(channel, incidentIds);
    this.postMarks.push({
      deliveryId: earlier?.deliveryId ?? newDeliveryToken(), kind: 'post', channel, slackChannel: channel, ts: null, groupId: null, incidentIds, note: null,
      createdAt: earlier?.createdAt ?? this.nowIso, attempts: (earlier?.attempts ?? 0) + 1, nextAttemptAt: retryAtMs === null ? null : new Date(retryAtMs).toISOString(), attemptToken: null,
      attemptedAt: this.nowIso, unknown: false, lastError: error,
    });
  }

  private incident(incidentId: string): Incident {
    return this.byId.get(incidentId) as Incident;
  }

  /** The channel id the message was posted to, as Slack answered; the routed channel when none was stored. */
  private slackChannel(incidents: readonly Incident[], channel: string, ts: string): string {
    return slackChannelOf(incidents[0]?.messages.find((m) => m.channel === channel && m.ts === ts) ?? { channel, channelId: null });
  }

  private entry(incident: Incident, action: AuditAction, channel: string, detail: string | null = null): AuditEntry {
    return { ...auditBySystem(incident, action, this.nowIso, detail), channel };
  }

  private failed(failure: RunFailure): void {
    this.tally.failures.push(failure);
    if (failure.kind === 'post' || failure.kind === 'remind' || failure.unknown === true || failure.retryAfterSeconds !== undefined) {
      this.hold(failure.channel, this.now.getTime() + Math.max(backoffAfter(1), (failure.retryAfterSeconds ?? 0) * 1000));
    }
    this.options.logger.warn(
      { channel: failure.channel, kind: failure.kind, incidents: failure.incidentIds.length, error: failure.error },
      'Slack call for an alert failed',
    );
  }

  private hold(channel: string, untilMs: number): void {
    this.held.set(channel, Math.max(this.held.get(channel) ?? 0, untilMs));
  }

  private heldBack(kind: RunFailure['kind'], channel: string, incidentIds: string[]): boolean {
    if (!this.held.has(channel)) return false;
    this.tally.failures.push({ kind, channel, incidentIds, error: HELD_BACK });
    return true;
  }

  async safely(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.logger.error({ error: describeFailure(error, { details: true }) }, 'could not record an alert outcome in the store');
    }
  }

  async safelyRead<T>(read: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      this.options.logger.error({ error: describeFailure(error, { details: true }) }, 'could not read the delivery queue');
      return fallback;
    }
  }
}

/** What a resolution the message never showed tells: the rules that cleared when it resolved. */
function resolvedChange(incident: Incident): IncidentChange {
  return { kind: 'resolved', started: [], cleared: incident.rules.filter((rule) => rule.clearedAt !== null && rule.clearedAt === incident.resolvedAt).map((rule) => rule.rule), resolvedBefore: null };
}
