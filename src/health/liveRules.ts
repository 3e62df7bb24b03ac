import { connectionAlert } from './alertRules';
import type { RuleThresholds } from './thresholds';
import type { Alert, ConnectionAssessment } from './types';

/**
 * The rules only live state can fire: Fivetran's own judgments (its setup state, its tasks, its
 * delay), raised as soon as the API shows them. sync_failed from live state needs no rule of its
 * own: the merge puts the live outcome where the warehouse's would be (health/mergeLive).
 */

const MESSAGE_IN_SUMMARY = 160;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Fivetran says the connection's setup is broken: nothing syncs until someone fixes it. */
export function setupBroken(c: ConnectionAssessment, t: RuleThresholds): Alert | null {
  const live = c.live;
  if (!live || live.setupState !== 'broken') return null;
  const task = live.tasks[0] ?? null;
  return connectionAlert('setup_broken', c, t, `Fivetran reports its setup as broken${task ? `: ${clip(task.message, MESSAGE_IN_SUMMARY)}` : ''}`, null, {
    task: task?.message ?? null,
    reportedAt: live.apiAt,
  });
}

/**
 * Fivetran asks a person to do something (reconnect, grant access, accept a schema change). A
 * warning by default: a task often comes before syncs fail, and when they do sync_failed or
 * setup_broken fire critical on the same incident.
 */
export function actionRequired(c: ConnectionAssessment, t: RuleThresholds): Alert | null {
  const live = c.live;
  const task = live?.tasks[0];
  if (!live || !task) return null;
  const more = live.tasks.length > 1 ? ` (and ${live.tasks.length - 1} more)` : '';
  return connectionAlert('action_required', c, t, `Fivetran asks for action: ${clip(task.message, MESSAGE_IN_SUMMARY)}${more}`, null, {
    task: task.message,
    tasks: live.tasks.length,
    reportedAt: live.apiAt,
  });
}

/** Fivetran's own delay judgment (update_state delayed), when the warehouse's has not fired. */
export function liveSyncDelayed(c: ConnectionAssessment, t: RuleThresholds): Alert | null {
  const live = c.live;
  if (!live || !live.delayed) return null;
  return connectionAlert('sync_delayed', c, t, 'Fivetran reports its syncs as delayed', c.lastSuccessfulSyncAt, {
    lastSuccessfulSyncAt: c.lastSuccessfulSyncAt,
    reportedAt: live.apiAt,
    reportedBy: 'api',
  });
}

/** A sync_failed alert says who reported the failure when it was live state, not the warehouse. */
export function withLiveSource(alert: Alert | null, c: ConnectionAssessment): Alert | null {
  const source = c.live?.lastSync?.source;
  if (alert === null || source === undefined || source === 'warehouse') return alert;
  return { ...alert, details: { ...alert.details, reportedBy: source } };
}
