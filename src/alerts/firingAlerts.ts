import type { Alert } from '../health/types';
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

/** What people did with an alert, from the alert store. */
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
 * An alert that fires now, with its lifecycle: null when no alert run has recorded it yet (a fresh
 * deploy, a cleared state, a condition that began since the last run) or when the store could not
 * be read. `since` is the one instant every surface calls "since".
 */
export interface FiringAlert extends Alert {
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
 * What fires now (a fresh evaluation: the truth) merged with what people did about it (the alert
 * store: who acknowledged, snoozed, where it was posted). Incidents whose alert no longer fires are
 * left out: the next alert run resolves them. Worst first: stale monitoring data, then what nobody
 * has taken on (unacknowledged, then snoozed, then acknowledged), critical before warning, the
 * oldest condition first.
 */
export function withLifecycle(alerts: readonly Alert[], incidents: readonly Incident[], now: Date): FiringAlert[] {
  const { active } = activeByFingerprint(incidents);
  const merged = alerts.map((alert): FiringAlert => {
    const incident = active.get(alert.fingerprint);
    const lifecycle = incident ? lifecycleOf(incident, now) : null;
    return { ...alert, since: alertSince(alert, lifecycle?.openedAt ?? null), lifecycle };
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
