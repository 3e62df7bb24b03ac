import { FAILURE_STATUSES, isPriorityFirstReschedule } from '../fivetran/messageData';
import type { Snapshot } from '../fivetran/types';
import { identifierWords } from '../text/identifierWords';
import { formatDuration, minutesBetween } from '../time/formatDuration';
import type { RuleThresholds } from './thresholds';
import type { Alert, AlertRule, ConnectionAssessment } from './types';

/** Fivetran's default when a connection's frequency is not recorded. */
const DEFAULT_SYNC_FREQUENCY_MINUTES = 360;
const REASON_IN_SUMMARY = 160;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function connectionAlert(
  rule: AlertRule,
  connection: ConnectionAssessment,
  thresholds: RuleThresholds,
  summary: string,
  since: string | null,
  details: Alert['details'],
): Alert {
  return {
    rule,
    connectionId: connection.connectionId,
    connectionName: connection.connectionName,
    tenantId: connection.tenantId,
    severity: thresholds.severity[rule],
    summary: `${connection.connectionName}: ${summary}`,
    fingerprint: `${rule}:${connection.connectionId}`,
    since,
    details,
  };
}

export function syncFailed(c: ConnectionAssessment, t: RuleThresholds): Alert | null {
  const last = c.lastDecisiveSync;
  if (last === null || !FAILURE_STATUSES.has(last.status)) return null;
  // Since the first failure of the current streak, as far back as the recent syncs reach.
  const decisive = c.recentSyncs.filter((s) => s.status === 'SUCCESSFUL' || FAILURE_STATUSES.has(s.status));
  const streak = decisive.findIndex((s) => s.status === 'SUCCESSFUL');
  // The latest decisive sync failed, so the streak is at least one even when it lies beyond the recent syncs.
  const failures = Math.max(1, streak === -1 ? decisive.length : streak);
  // Flapping control: one failure between successes need not wake anyone.
  if (failures < t.syncFailedAfter) return null;
  const since = decisive[Math.max(0, failures - 1)]?.endedAt ?? last.endedAt;
  // Words only: the raw status and task type are in details, for --json.
  const task = last.taskType ? `task to fix: ${identifierWords(last.taskType)}` : last.status === 'FAILURE_WITH_TASK' ? 'with a task to fix' : null;
  const facts = [task, failures > 1 ? `${failures} failures in a row` : null].filter(Boolean).join('; ');
  const reason = last.reason ? `: ${clip(last.reason, REASON_IN_SUMMARY)}` : '';
  return connectionAlert('sync_failed', c, t, `last sync failed${facts ? ` (${facts})` : ''}${reason}`, since, {
    status: last.status,
    reason: last.reason,
    taskType: last.taskType,
    failedAt: last.endedAt,
    failuresInARow: failures,
  });
}

export function syncDelayed(c: ConnectionAssessment, t: RuleThresholds, observedAt: string): Alert | null {
  // A first sync in progress is watched by sync_running_long; it has no success to be late for.
  if (c.health === 'initial_sync') return null;
  const frequency = c.syncFrequencyMinutes ?? DEFAULT_SYNC_FREQUENCY_MINUTES;
  const limit = Math.max(t.syncDelayedFactor * frequency, t.syncDelayedMinMinutes);
  // A priority-first flush moves data too: it counts as progress.
  const priorityFirst = c.recentSyncs.find((s) => isPriorityFirstReschedule(s.status, s.reason))?.endedAt ?? null;
  const lastProgress = [c.lastSuccessfulSyncAt, priorityFirst].filter((v): v is string => v !== null).sort().pop() ?? null;
  const details = { expectedEveryMinutes: frequency, thresholdMinutes: limit, lastSuccessfulSyncAt: c.lastSuccessfulSyncAt };
  if (lastProgress !== null) {
    const age = minutesBetween(lastProgress, observedAt);
    if (age <= limit) return null;
    return connectionAlert('sync_delayed', c, t, `no successful sync for ${formatDuration(age)} (expected every ${formatDuration(frequency)})`, lastProgress, { ...details, minutesSinceSuccess: Math.round(age) });
  }
  // Never succeeded: only late once it has existed longer than the limit.
  if (c.signedUpAt !== null && minutesBetween(c.signedUpAt, observedAt) <= limit) return null;
  const setUp = c.signedUpAt ? ` since it was set up ${formatDuration(minutesBetween(c.signedUpAt, observedAt))} ago` : ' in the last 30 days';
  return connectionAlert('sync_delayed', c, t, `no successful sync${setUp} (expected every ${formatDuration(frequency)})`, c.signedUpAt, details);
}

export function syncRunningLong(c: ConnectionAssessment, t: RuleThresholds, observedAt: string): Alert | null {
  if (c.runningSince === null) return null;
  const timed = c.recentSyncs.filter((s) => s.startedAt !== null).length;
  // Too few timed syncs make no usual duration: the median is then neither used nor shown as one.
  const median = timed >= t.runningLongMinSamples ? c.medianDurationMinutes : null;
  const limit = median !== null ? Math.max(t.runningLongFactor * median, t.runningLongMinMinutes) : t.runningLongDefaultMinutes;
  const elapsed = minutesBetween(c.runningSince, observedAt);
  if (elapsed <= limit) return null;
  const usual = median !== null ? `usually ${formatDuration(median)}` : 'no usual duration yet';
  return connectionAlert('sync_running_long', c, t, `sync running for ${formatDuration(elapsed)} (${usual})`, c.runningSince, {
    runningMinutes: Math.round(elapsed),
    medianMinutes: median === null ? null : Math.round(median),
    thresholdMinutes: Math.round(limit),
  });
}

export function frequentErrors(c: ConnectionAssessment, t: RuleThresholds): Alert | null {
  if (c.severe24h < t.frequentErrorsCount) return null;
  const latest = c.latestErrors.find((e) => e.event === 'SEVERE');
  const latestText = latest ? `; latest: ${clip(latest.type ? `${latest.type}: ${latest.message}` : latest.message, REASON_IN_SUMMARY)}` : '';
  // Since the first of the errors counted, not the latest: when the burst began.
  return connectionAlert('frequent_errors', c, t, `${c.severe24h} errors in the last 24 h${latestText}`, c.firstSevere24hAt ?? latest?.at ?? null, {
    errors24h: c.severe24h,
    threshold: t.frequentErrorsCount,
    latestErrorType: latest?.type ?? null,
  });
}

/** The monitoring data itself: measured against the wall clock, since it is what ages. */
export function metadataStale(snapshot: Snapshot, t: RuleThresholds, now: Date): { alert: Alert | null; staleAfterMinutes: number; ageMinutes: number | null } {
  const frequency = snapshot.platformConnection?.syncFrequencyMinutes ?? null;
  const staleAfterMinutes = frequency === null ? t.metadataStaleUnknownMinutes : Math.max(t.metadataStaleFactor * frequency, t.metadataStaleMinMinutes);
  const ageMinutes = snapshot.observedAt === null ? null : minutesBetween(snapshot.observedAt, now);
  if (ageMinutes !== null && ageMinutes <= staleAfterMinutes) return { alert: null, staleAfterMinutes, ageMinutes };
  const expected = frequency === null ? 'the Platform connection was not found' : `the Platform connection should load every ${formatDuration(frequency)}`;
  const summary =
    ageMinutes === null
      ? 'Monitoring data is missing: the Fivetran LOG has no rows in the last 30 days, so nothing shown can be trusted'
      : `Monitoring data is ${formatDuration(ageMinutes)} old (${expected}): everything shown may be out of date`;
  return {
    staleAfterMinutes,
    ageMinutes,
    alert: {
      rule: 'metadata_stale',
      connectionId: null,
      connectionName: null,
      tenantId: null,
      severity: t.severity.metadata_stale,
      summary,
      fingerprint: 'metadata_stale',
      since: snapshot.observedAt,
      details: { observedAt: snapshot.observedAt, ageMinutes: ageMinutes === null ? null : Math.round(ageMinutes), staleAfterMinutes },
    },
  };
}
