import type { Alert } from '../health/types';
import type { Logger } from '../log/logger';
import { buildReminderNote, buildResolutionNote } from '../views/blocks/alertThreadNotes';
import { newClaimToken } from './ids';
import { planAlertRun, type AlertRunPlan, type PlannedEdit, type PlannedPost, type PlannedThreadNote } from './planAlertRun';
import { renderPostedMessage, slackChannelOf } from './renderMessages';
import { describeFailure } from '../errors/explainFailure';
import type { SlackPoster } from './slackPoster';
import { postingKey, type AlertStore } from './store';
import { SYSTEM_ACTOR, type AuditEntry, type Incident } from './types';

export interface NotifierOptions {
  store: AlertStore;
  poster: SlackPoster;
  logger: Logger;
  repeatHours: number;
  groupThreshold: number;
  /** The channels an alert goes to: the ops channel and its tenant's alert channel. */
  channelsFor: (alert: Alert) => string[];
  /** Gap between two messages to one channel; Slack allows about one a second. */
  minIntervalMs?: number;
  /** Injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Resolved incidents stay loaded this long (for grouped messages and re-fires). */
  resolvedWindowHours?: number;
}

export interface RunFailure {
  kind: 'post' | 'remind' | 'edit' | 'note';
  channel: string;
  incidentIds: string[];
  error: string;
}

export interface AlertRunReport {
  plan: AlertRunPlan;
  /** Slack messages posted (a grouped message counts once). */
  posted: number;
  reminded: number;
  edited: number;
  resolved: number;
  failures: RunFailure[];
}

export interface AlertNotifier {
  /**
   * One alert run. `alerts` must be the complete set from a successful evaluation: an incident
   * whose alert is missing is resolved, so a failed read must skip the run, never pass []. Runs
   * on one warehouse and schema never overlap: a second call waits for the first.
   */
  run(alerts: readonly Alert[], now: Date): Promise<AlertRunReport>;
}

const DEFAULT_MIN_INTERVAL_MS = 1100;
const DEFAULT_RESOLVED_WINDOW_HOURS = 48;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Job = () => Promise<void>;

/**
 * Carries out alert runs: plans from the stored state, writes state changes, then talks to Slack.
 * Each post is claimed in the store before it is sent and its ts recorded after, so a crash or a
 * concurrent run never posts twice; a failed post gives its claim back and is tried next run.
 * Slack work is paced per channel and one channel's failure does not hold up the others.
 */
export function createAlertNotifier(options: NotifierOptions): AlertNotifier {
  const { store, poster, logger } = options;
  const minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  const sleep = options.sleep ?? realSleep;
  const resolvedWindowMs = (options.resolvedWindowHours ?? DEFAULT_RESOLVED_WINDOW_HOURS) * 3_600_000;

  async function runOnce(alerts: readonly Alert[], now: Date): Promise<AlertRunReport> {
    const at = now.toISOString();
    const loaded = await store.loadForRun(new Date(now.getTime() - resolvedWindowMs));
    const plan = planAlertRun({
      alerts,
      incidents: loaded,
      now,
      repeatHours: options.repeatHours,
      groupThreshold: options.groupThreshold,
      channelsFor: options.channelsFor,
    });
    const byId = new Map(plan.incidents.map((incident) => [incident.incidentId, incident]));
    const report: AlertRunReport = { plan, posted: 0, reminded: 0, edited: 0, resolved: 0, failures: [] };

    await store.insertIncidents(plan.opened);
    await store.recordSeen(plan.seen);
    await store.expireSnoozes(plan.snoozesExpired, now);
    const resolved = await store.resolve(plan.resolved, now);
    report.resolved = resolved.length;
    const entry = (incident: Incident, action: AuditEntry['action'], detail: string | null = null): AuditEntry => ({
      at, actor: SYSTEM_ACTOR, action, incidentId: incident.incidentId, fingerprint: incident.fingerprint, channel: null, detail,
    });
    await store.audit([
      ...plan.opened.map((incident) => entry(incident, 'opened', incident.summary)),
      ...plan.snoozesExpired.map((expiry) => entry(byId.get(expiry.incidentId) as Incident, 'snooze_expired', `back to ${expiry.status}`)),
      ...resolved.map((id) => entry(byId.get(id) as Incident, 'resolved', 'the condition cleared')),
    ]);

    // Slack work, queued per channel: paced within a channel, channels side by side.
    const queues = new Map<string, Job[]>();
    const enqueue = (channel: string, job: Job) => {
      const queue = queues.get(channel) ?? [];
      queue.push(job);
      queues.set(channel, queue);
    };
    // After a failed post or reminder a channel gets no more of them this run (Slack is likely
    // down or limiting it); they are all tried again next run.
    const unavailable = new Set<string>();
    const failed = (failure: RunFailure) => {
      report.failures.push(failure);
      if (failure.kind === 'post' || failure.kind === 'remind') unavailable.add(failure.channel);
      logger.warn({ channel: failure.channel, kind: failure.kind, incidents: failure.incidentIds.length, error: failure.error }, 'Slack call for an alert failed');
    };
    const deferred = (kind: RunFailure['kind'], channel: string, incidentIds: string[]): boolean => {
      if (!unavailable.has(channel)) return false;
      report.failures.push({ kind, channel, incidentIds, error: 'deferred to the next run after an earlier failure in this channel' });
      return true;
    };

    for (const post of plan.posts) enqueue(post.channel, () => carryOutPost(post));
    for (const note of plan.reminders) enqueue(note.channel, () => carryOutReminder(note));
    for (const edit of plan.edits) enqueue(edit.channel, () => carryOutEdit(edit));
    for (const note of plan.resolutionNotes) enqueue(note.channel, () => carryOutResolutionNote(note));

    await Promise.all(
      [...queues.values()].map(async (jobs) => {
        for (let index = 0; index < jobs.length; index += 1) {
          if (index > 0 && minIntervalMs > 0) await sleep(minIntervalMs);
          await (jobs[index] as Job)();
        }
      }),
    );
    return report;

    async function carryOutPost(post: PlannedPost): Promise<void> {
      if (deferred('post', post.channel, post.incidentIds)) return;
      const token = newClaimToken();
      const claims = post.incidentIds.map((incidentId) => ({
        incidentId, fingerprint: (byId.get(incidentId) as Incident).fingerprint, channel: post.channel, groupId: post.groupId, claimToken: token,
      }));
      let won: Set<string>;
      try {
        won = await store.claimPostings(claims, post.replacesClaims, now);
      } catch (error) {
        failed({ kind: 'post', channel: post.channel, incidentIds: post.incidentIds, error: `could not claim: ${describeFailure(error, { details: true })}` });
        return;
      }
      const incidents = post.incidentIds.filter((id) => won.has(postingKey(id, post.channel))).map((id) => byId.get(id) as Incident);
      if (incidents.length === 0) return; // another run holds these postings
      const message = renderPostedMessage(post.groupId, incidents);
      let posted: { ts: string; channel: string };
      try {
        posted = await poster.postMessage({ channel: post.channel, text: message.text, blocks: message.blocks });
      } catch (error) {
        const description = describeFailure(error, { details: true });
        failed({ kind: 'post', channel: post.channel, incidentIds: incidents.map((i) => i.incidentId), error: description });
        await safely(() => store.releaseClaim(token));
        await safely(() => store.audit(incidents.map((incident) => ({ ...entry(incident, 'post_failed', description), channel: post.channel }))));
        return;
      }
      report.posted += 1;
      // Posted: from here on the claim is never given back, even if recording fails, so the
      // message cannot be posted a second time.
      await safely(() => store.recordPosted(token, { ts: posted.ts, channelId: posted.channel }, now));
      await safely(() =>
        store.audit(incidents.map((incident) => ({ ...entry(incident, 'posted', post.groupId ? `grouped ${post.groupId}` : null), channel: post.channel }))),
      );
    }

    async function carryOutReminder(note: PlannedThreadNote): Promise<void> {
      if (deferred('remind', note.channel, note.incidentIds)) return;
      const incidents = note.incidentIds.map((id) => byId.get(id) as Incident);
      const message = buildReminderNote(incidents, at);
      const tokens = incidents.flatMap((incident) =>
        incident.messages.filter((m) => m.channel === note.channel && m.ts === note.threadTs).map((m) => ({ claimToken: m.claimToken, incidentId: incident.incidentId })),
      );
      const channel = slackChannelOf(incidents[0]?.messages.find((m) => m.channel === note.channel && m.ts === note.threadTs) ?? { channel: note.channel, channelId: null });
      try {
        await poster.postMessage({ channel, thread_ts: note.threadTs, text: message.text, blocks: message.blocks });
      } catch (error) {
        const description = describeFailure(error, { details: true });
        failed({ kind: 'remind', channel: note.channel, incidentIds: note.incidentIds, error: description });
        await safely(() => store.audit(incidents.map((incident) => ({ ...entry(incident, 'remind_failed', description), channel: note.channel }))));
        return;
      }
      report.reminded += 1;
      await safely(() => store.markReminded(tokens, now));
      await safely(() => store.audit(incidents.map((incident) => ({ ...entry(incident, 'reminded'), channel: note.channel }))));
    }

    async function carryOutEdit(edit: PlannedEdit): Promise<void> {
      const incidents = edit.incidentIds.map((id) => byId.get(id)).filter((incident): incident is Incident => incident !== undefined);
      const message = renderPostedMessage(edit.groupId, incidents);
      const stored = incidents[0]?.messages.find((m) => m.channel === edit.channel && m.ts === edit.ts);
      try {
        await poster.update({ channel: slackChannelOf(stored ?? { channel: edit.channel, channelId: null }), ts: edit.ts, text: message.text, blocks: message.blocks });
        report.edited += 1;
      } catch (error) {
        const description = describeFailure(error, { details: true });
        failed({ kind: 'edit', channel: edit.channel, incidentIds: edit.incidentIds, error: description });
        await safely(() => store.audit(incidents.map((incident) => ({ ...entry(incident, 'edit_failed', description), channel: edit.channel }))));
      }
    }

    async function carryOutResolutionNote(note: PlannedThreadNote): Promise<void> {
      const incidents = note.incidentIds.map((id) => byId.get(id) as Incident);
      const message = buildResolutionNote(incidents, at);
      const stored = incidents[0]?.messages.find((m) => m.channel === note.channel && m.ts === note.threadTs);
      try {
        await poster.postMessage({ channel: slackChannelOf(stored ?? { channel: note.channel, channelId: null }), thread_ts: note.threadTs, text: message.text, blocks: message.blocks });
      } catch (error) {
        failed({ kind: 'note', channel: note.channel, incidentIds: note.incidentIds, error: describeFailure(error, { details: true }) });
      }
    }

    async function safely(work: () => Promise<void>): Promise<void> {
      try {
        await work();
      } catch (error) {
        logger.error({ error: describeFailure(error, { details: true }) }, 'could not record an alert outcome in the store');
      }
    }
  }

  return {
    run(alerts, now) {
      return store.runExclusive(() => runOnce(alerts, now));
    },
  };
}
