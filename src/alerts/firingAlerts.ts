import { alertsWorstFirst } from '../health/alertOrder';
import type { Alert } from '../health/types';
import { firingRules, incidentKeyOf } from './incidents';
import { activeByFingerprint, alertSince, firstPostedAt, statusAfterSnooze } from './lifecycle';
import type { Incident } from './types';

/** A Slack message an alert was posted in. */
export interface AlertPosting {
  /** The channel as routed (a name or an id). */
  channel: string;
  /** The channel id Slack answered with. */
  channelId: string | null;
  ts: string;
  postedAt: string | null;
  /** Posted inside a grouped message. */
  grouped: boolean;
}

/** What people did with an alert's incident (its connection's), from the alert store. */
export interface AlertLifecycle {
  incidentId: string;
  /** As of now: a snooze that has run out no longer counts. */
  status: 'open' | 'acknowledged' | 'snoozed';
  /** When an alert run first recorded it. */
  openedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  snoozedBy: string | null;
  snoozedUntil: string | null;
  /** Confirmed posts only; empty while nothing has reached Slack. */
  postings: AlertPosting[];
  /** When it first reached Slack: "posted", never to be mistaken for "since". */
  firstPostedAt: string | null;
}

/**
 * The incident an alert belongs to: its connection in trouble, with every rule firing on it now.
 * `incidentId` is null until an alert run records it.
 */
export interface AlertIncident {
  incidentId: string | null;
  /** `connection:<id>`, or `metadata_stale`. */
  fingerprint: string;
  /** The rules firing on the same connection now, worst first (this one among them). */
  rules: Alert['rule'][];
}

/**
 * An alert that fires now, with its incident and lifecycle: the lifecycle is null when no alert run
 * has recorded it yet (a fresh deploy, a cleared state, a condition that began since the last run)
 * or when the store could not be read. `since` is the one instant every surface calls "since".
 */
export interface FiringAlert extends Alert {
  incident: AlertIncident;
  lifecycle: AlertLifecycle | null;
}

const STATUS_ORDER: Record<AlertLifecycle['status'], number> = { open: 0, snoozed: 1, acknowledged: 2 };
const SEVERITY_ORDER = { critical: 0, warning: 1 } as const;

function lifecycleOf(incident: Incident, now: Date): AlertLifecycle {
  const afterSnooze = statusAfterSnooze(incident, now);
  const status = afterSnooze ?? (incident.status === 'resolved' ? 'open' : incident.status);
  return {
    incidentId: incident.incidentId,
    status,
    openedAt: incident.openedAt,
    acknowledgedBy: incident.ackedBy,
    acknowledgedAt: incident.ackedAt,
    snoozedBy: status === 'snoozed' ? incident.snoozedBy : null,
    snoozedUntil: status === 'snoozed' ? incident.snoozedUntil : null,
    postings: incident.messages
      .filter((m) => m.ts !== null)
      .map((m) => ({ channel: m.channel, channelId: m.channelId, ts: m.ts as string, postedAt: m.postedAt, grouped: m.groupId !== null })),
    firstPostedAt: firstPostedAt(incident),
  };
}

/**
 * What fires now (a fresh evaluation: the truth), one entry per rule, merged with its connection's
 * incident and what people did about it (the alert store: who acknowledged, snoozed, where it was
 * posted). Incidents whose alerts no longer fire are left out: the next alert run resolves them. Worst first: stale monitoring data, then what nobody
 * has taken on (unacknowledged, then snoozed, then acknowledged), critical before warning, the
 * oldest condition first.
 */
export function withLifecycle(alerts: readonly Alert[], incidents: readonly Incident[], now: Date): FiringAlert[] {
  const { active } = activeByFingerprint(incidents);
  const rulesByKey = new Map<string, Alert[]>();
  for (const alert of alerts) rulesByKey.set(incidentKeyOf(alert), [...(rulesByKey.get(incidentKeyOf(alert)) ?? []), alert]);
  const merged = alerts.map((alert): FiringAlert => {
    const key = incidentKeyOf(alert);
    const incident = active.get(key);
    const lifecycle = incident ? lifecycleOf(incident, now) : null;
    // "Since" for this rule: when the data says it began, else when its incident first saw it.
    const firstSeen = incident ? (firingRules(incident).find((rule) => rule.rule === alert.rule)?.startedAt ?? incident.openedAt) : null;
    const rules = alertsWorstFirst(rulesByKey.get(key) ?? [alert]).map((a) => a.rule);
    return { ...alert, since: alertSince(alert, firstSeen), incident: { incidentId: incident?.incidentId ?? null, fingerprint: key, rules: [...new Set(rules)] }, lifecycle };
  });
  const rank = (a: FiringAlert) => (a.lifecycle ? STATUS_ORDER[a.lifecycle.status] : STATUS_ORDER.open);
  const sinceMs = (a: FiringAlert) => (a.since === null ? Number.POSITIVE_INFINITY : Date.parse(a.since));
  return merged.sort(
    (a, b) =>
      Number(b.rule === 'metadata_stale') - Number(a.rule === 'metadata_stale') ||
      rank(a) - rank(b) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      sinceMs(a) - sinceMs(b) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}
