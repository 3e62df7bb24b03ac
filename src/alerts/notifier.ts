import type { Alert } from '../health/types';
import { deliverAlertRun, deliverQueued, DeliveryQueueState, type DeliveryOptions, type DeliveryTally } from './deliverAlertRun';
import { planAlertRun, planReconciliation, type AlertRunInput, type AlertRunPlan } from './planAlertRun';
import type { AlertStore } from './store';
import { auditBySystem, type Incident } from './types';

export type { RunFailure } from './deliverAlertRun';

export interface NotifierOptions extends DeliveryOptions {
  repeatHours: number;
  groupThreshold: number;
  /** The channels an incident goes to: the ops channel and its tenant's alert channel. */
  channelsFor: (alert: Alert) => string[];
  /** An incident that fires again this soon after resolving reopens in its message; 0 posts anew. */
  reopenWithinMinutes: number;
  /** Who a post or reminder about an incident notifies; null for nobody. */
  mentionFor?: AlertRunInput['mentionFor'];
  /** Resolved incidents stay loaded this long (for grouped messages and re-fires). */
  resolvedWindowHours?: number;
}

export interface AlertRunReport extends DeliveryTally {
  plan: AlertRunPlan;
  resolved: number;
}

export interface AlertNotifier {
  /**
   * One alert run. `alerts` must be the complete set from a successful evaluation: an incident
   * whose alert is missing is resolved, so a failed read must skip the run, never pass []. Runs
   * on one warehouse and schema never overlap: a second call waits for the first.
   */
  run(alerts: readonly Alert[], now: Date): Promise<AlertRunReport>;
}

const DEFAULT_RESOLVED_WINDOW_HOURS = 48;

/**
 * Carries out alert runs: plans from the stored state, writes the state changes, then talks to
 * Slack (see deliverAlertRun).
 */
export function createAlertNotifier(options: NotifierOptions): AlertNotifier {
  return {
    run(alerts, now) {
      return options.store.runExclusive(() => runAlerts(options, alerts, now));
    },
  };
}

async function runAlerts(options: NotifierOptions, alerts: readonly Alert[], now: Date): Promise<AlertRunReport> {
  // Resolved incidents are loaded at least as far back as one may still be reopened.
  const windowMs = Math.max((options.resolvedWindowHours ?? DEFAULT_RESOLVED_WINDOW_HOURS) * 3_600_000, options.reopenWithinMinutes * 60_000);
  const plan = planAlertRun({
    alerts,
    incidents: await options.store.loadForRun(new Date(now.getTime() - windowMs)),
    now,
    repeatHours: options.repeatHours,
    groupThreshold: options.groupThreshold,
    channelsFor: options.channelsFor,
    reopenWithinMinutes: options.reopenWithinMinutes,
    ...(options.mentionFor ? { mentionFor: options.mentionFor } : {}),
  });
  const resolved = await recordStateChanges(options.store, plan, now);
  const report: AlertRunReport = { plan, posted: 0, reconciled: 0, reminded: 0, edited: 0, resolved: resolved.length, failures: [] };
  const queue = await DeliveryQueueState.read(options);
  // The run plans every missing post afresh, so the marks of posts Slack refused before are done with.
  if (queue.has('post')) {
    await options.store.dropPostMarks();
    queue.dropPostMarks();
  }
  await deliverAlertRun(options, plan, report, queue);
  await deliverQueued(options, plan.incidents, now, report, queue);
  return report;
}

/** Stores what the plan decided, and audits it, before anything reaches Slack. Answers with the ids this run resolved. */
async function recordStateChanges(store: AlertStore, plan: AlertRunPlan, now: Date): Promise<string[]> {
  const byId = new Map(plan.incidents.map((incident) => [incident.incidentId, incident]));
  const incident = (incidentId: string) => byId.get(incidentId) as Incident;
  await store.insertIncidents(plan.opened);
  // Reopened first: only active incidents take their latest facts.
  const reopened = await store.reopen(plan.reopened, now);
  await store.recordSeen(plan.seen);
  await store.expireSnoozes(plan.snoozesExpired, now);
  const merged = await store.closeMerged(plan.merged, now);
  const resolved = await store.resolve(plan.resolved, now);
  const ruleEntries = Object.entries(plan.changes)
    .filter(([, change]) => change.kind === 'changed')
    .flatMap(([incidentId, change]) => {
      const about = incident(incidentId);
      const fingerprintOf = (rule: string) => about.rules.find((r) => r.rule === rule)?.fingerprint ?? about.fingerprint;
      return [
        ...change.started.map((rule) => ({ ...auditBySystem(about, 'rule_started', plan.now, rule), fingerprint: fingerprintOf(rule) })),
        ...change.cleared.map((rule) => ({ ...auditBySystem(about, 'rule_cleared', plan.now, rule), fingerprint: fingerprintOf(rule) })),
      ];
    });
  const rulesOf = (about: Incident) => about.rules.filter((rule) => rule.clearedAt === null).map((rule) => rule.rule).join(', ');
  await store.audit([
    ...plan.opened.map((opened) => auditBySystem(opened, 'opened', plan.now, rulesOf(opened))),
    ...reopened.map((id) => auditBySystem(incident(id), 'reopened', plan.now, `fired again within the quiet period: ${rulesOf(incident(id))}`)),
    ...ruleEntries,
    ...plan.snoozesExpired.map((expiry) => auditBySystem(incident(expiry.incidentId), 'snooze_expired', plan.now, `back to ${expiry.status}`)),
    ...merged.map((id) => auditBySystem(incident(id), 'merged', plan.now, `into ${incident(id).mergedInto ?? 'another incident'}`)),
    ...resolved.map((id) => auditBySystem(incident(id), 'resolved', plan.now, 'the condition cleared')),
  ]);
  return resolved;
}

/**
 * The delivery loop, without evaluating anything: posts of earlier runs whose answer never came are
 * looked for in their channel, recorded when found and posted when not, then the queued edits, notes
 * and reminders that are due are sent. Cheap enough to run minutes after a run left something
 * undelivered, and at start-up for a process that died mid-call.
 */
export function reconcilePending(
  options: DeliveryOptions & Pick<NotifierOptions, 'mentionFor' | 'resolvedWindowHours'>,
  now: Date,
): Promise<DeliveryTally> {
  return options.store.runExclusive(async () => {
    const windowMs = (options.resolvedWindowHours ?? DEFAULT_RESOLVED_WINDOW_HOURS) * 3_600_000;
    const incidents = await options.store.loadForRun(new Date(now.getTime() - windowMs));
    const tally: DeliveryTally = { posted: 0, reconciled: 0, reminded: 0, edited: 0, failures: [] };
    const posts = planReconciliation(incidents, now, options.mentionFor);
    const queue = await DeliveryQueueState.read(options);
    if (posts.length > 0) {
      const plan: AlertRunPlan = {
        now: now.toISOString(), opened: [], reopened: [], seen: [], posts, reminders: [], resolved: [], merged: [], snoozesExpired: [],
        edits: [], changeNotes: [], changes: {}, unchanged: [], incidents,
      };
      await deliverAlertRun(options, plan, tally, queue);
    }
    await deliverQueued(options, incidents, now, tally, queue);
    return tally;
  });
}
