import { isPriorityFirstReschedule } from '../../fivetran/messageData';
import type { SyncOutcome } from '../../fivetran/types';
import { identifierWords } from '../../text/identifierWords';

/** How Fivetran's sync_end statuses read; the raw values stay in --json. */
const STATUS_WORDS: Record<string, string> = {
  SUCCESSFUL: 'succeeded',
  FAILURE: 'failed',
  FAILURE_WITH_TASK: 'failed',
  RESCHEDULED: 'rescheduled',
  CANCELED: 'canceled',
  CANCELLED: 'canceled',
};

/** A failure Fivetran pairs with a task someone must do in its dashboard (reconnect, update credentials…). */
export function hasTaskToFix(status: string): boolean {
  return status === 'FAILURE_WITH_TASK';
}

/** "succeeded", "failed", "canceled"; a status Pulse does not know, as words. */
export function syncStatusWords(status: string): string {
  return STATUS_WORDS[status] ?? identifierWords(status);
}

/** How one sync ended, in words: "failed (task: reconnect)", "rescheduled (priority first)". */
export function describeSyncOutcome(sync: Pick<SyncOutcome, 'status' | 'reason' | 'taskType'>): string {
  if (isPriorityFirstReschedule(sync.status, sync.reason)) return 'rescheduled (priority first)';
  const words = syncStatusWords(sync.status);
  if (sync.taskType) return `${words} (task: ${identifierWords(sync.taskType)})`;
  return hasTaskToFix(sync.status) ? `${words} (with a task to fix)` : words;
}
