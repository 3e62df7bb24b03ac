import type { Logger } from '../log/logger';
import { describeFailure } from '../errors/explainFailure';
import type { AlertEdit, AlertMessenger, AlertNote } from './messages';

/**
 * Carries out what a flow returned: edits in place, then thread notes. Each call stands alone, so
 * one message that cannot be edited (deleted, channel archived) does not stop the rest.
 */
export async function applyMessageChanges(
  messenger: AlertMessenger,
  changes: { edits?: readonly AlertEdit[]; notes?: readonly AlertNote[] },
  logger: Logger,
): Promise<{ applied: number; failed: number }> {
  let applied = 0;
  let failed = 0;
  for (const edit of changes.edits ?? []) {
    try {
      await messenger.edit(edit);
      applied += 1;
    } catch (error) {
      failed += 1;
      logger.warn({ channel: edit.channel, ts: edit.ts, error: describeFailure(error, { details: true }) }, 'could not edit an alert message');
    }
  }
  for (const note of changes.notes ?? []) {
    try {
      await messenger.note(note);
      applied += 1;
    } catch (error) {
      failed += 1;
      logger.warn({ channel: note.channel, ts: note.threadTs, error: describeFailure(error, { details: true }) }, 'could not post an alert thread note');
    }
  }
  return { applied, failed };
}
