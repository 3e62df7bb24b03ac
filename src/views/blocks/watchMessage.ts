import { hasTaskToFix } from '../vocabulary/syncStatus';
import { ACTION_IDS } from './actionIds';
import { openInFivetranButton } from './alertMessage';
import { actions, button, context, fields, section } from './components';
import { minutesBetween } from '../../time/formatDuration';
import { formatMinutes } from '../vocabulary/durations';
import { connectionLink, SLACK_DURATION } from './format';
import { fitMessage } from './limits';
import { escapeLine, slackDate, userMention } from './mrkdwn';
import type { KnownBlock, SlackMessage } from './types';

/** What `/fivetran watch <connection>` knows about a sync it follows. */
export interface WatchProgress {
  connectionId: string;
  connectionName: string | null;
  /**
   * waiting: no sync running yet; the rest follow one sync to its end, to the end of the watch
   * (time_limit: the longest Pulse follows one), or until someone pressed Stop (stopped).
   */
  state: 'waiting' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'time_limit' | 'stopped';
  startedAt: string | null;
  endedAt: string | null;
  /** The time the progress was read. */
  now: string;
  /** The connection's median sync duration: what "usual" means. */
  expectedMinutes: number | null;
  /** How long Pulse follows one sync at most (WATCH_TIMEOUT_MINUTES). */
  timeLimitMinutes: number;
  /** Who pressed Stop, for the stopped state. */
  stoppedBy?: string | null;
  /** The sync_end status and reason, when it ended. */
  status?: string | null;
  reason?: string | null;
}

const BAR_WIDTH = 10;

/**
 * Elapsed against the usual duration, as a bar that fills up to the usual time: past it the bar
 * stays full and says so in words, never "672% of the usual time".
 */
function progressBar(elapsed: number, expected: number): string {
  const ratio = Math.max(0, elapsed / expected);
  const filled = Math.round(Math.min(1, ratio) * BAR_WIDTH);
  const bar = `${'▓'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  if (ratio > 1) return `${bar} :hourglass: longer than usual (usually ${formatMinutes(expected, SLACK_DURATION)})`;
  return `${bar} ${Math.round(ratio * 100)}% of the usual ${formatMinutes(expected, SLACK_DURATION)}`;
}

function stateLine(progress: WatchProgress, elapsed: number | null): string {
  const name = connectionLink(progress.connectionId, progress.connectionName);
  switch (progress.state) {
    case 'waiting':
      return `:eyes: Watching ${name}: no sync running yet; I will follow the next one.`;
    case 'running': {
      const usual = progress.expectedMinutes && elapsed !== null ? `\n${progressBar(elapsed, progress.expectedMinutes)}` : '';
      return `:arrows_counterclockwise: ${name} is syncing.${usual}`;
    }
    case 'succeeded':
      return `:white_check_mark: ${name} finished syncing ${slackDate(progress.endedAt)}.`;
    case 'failed':
      return `:x: ${name}'s sync failed ${slackDate(progress.endedAt)}${progress.status && hasTaskToFix(progress.status) ? ', with a task to fix in Fivetran' : ''}.${progress.reason ? `\n${escapeLine(progress.reason, 600)}` : ''}`;
    case 'canceled':
      return `:black_square_for_stop: ${name}'s sync was canceled ${slackDate(progress.endedAt)}.`;
    case 'time_limit':
      return `:hourglass: Stopped watching ${name} after ${formatMinutes(progress.timeLimitMinutes, SLACK_DURATION)}, the longest Pulse follows one sync; it had not finished. \`/fivetran watch\` again to keep following it.`;
    case 'stopped':
      return `:black_square_for_stop: Stopped by ${userMention(progress.stoppedBy)}: no longer watching ${name}. \`/fivetran watch\` again to follow it.`;
  }
}

/** A watch message, edited in place as the sync moves; the Stop button shows while it runs. */
export function buildWatchMessage(progress: WatchProgress): SlackMessage {
  const end = progress.endedAt ?? progress.now;
  const minutes = minutesBetween(progress.startedAt, end);
  const elapsed = minutes !== null && Number.isFinite(minutes) ? minutes : null;
  const blocks: KnownBlock[] = [section(stateLine(progress, elapsed))];
  if (progress.state !== 'waiting' && progress.startedAt !== null) {
    blocks.push(
      fields([
        `*Started*\n${slackDate(progress.startedAt)}`,
        `*${progress.endedAt ? 'Took' : 'Elapsed'}*\n${formatMinutes(elapsed, SLACK_DURATION)}`,
        `*Usual duration (median)*\n${formatMinutes(progress.expectedMinutes, SLACK_DURATION)}`,
        ...(progress.state === 'running' ? [`*Stops watching after*\n${formatMinutes(progress.timeLimitMinutes, SLACK_DURATION)}`] : []),
      ]),
    );
  }
  const live = progress.state === 'waiting' || progress.state === 'running';
  blocks.push(context(`Updated ${slackDate(progress.now)}`));
  // A watch that ended keeps no buttons but the way to Fivetran; one stopped by hand keeps none, so it never looks live.
  const buttons = [...(live ? [button('Stop watching', ACTION_IDS.stopWatch, progress.connectionId)] : []), ...(progress.state === 'stopped' ? [] : [openInFivetranButton(progress.connectionId)])];
  if (buttons.length > 0) blocks.push(actions(buttons));
  const name = progress.connectionName ?? progress.connectionId;
  const text: Record<WatchProgress['state'], string> = {
    waiting: `Watching ${name}: waiting for a sync`,
    running: `${name} is syncing (${formatMinutes(elapsed, SLACK_DURATION)} so far)`,
    succeeded: `${name} finished syncing`,
    failed: `${name}'s sync failed`,
    canceled: `${name}'s sync was canceled`,
    time_limit: `Stopped watching ${name} after ${formatMinutes(progress.timeLimitMinutes, SLACK_DURATION)}: the sync had not finished`,
    stopped: `Stopped watching ${name}`,
  };
  return fitMessage({ text: escapeLine(text[progress.state], 300), blocks });
}
