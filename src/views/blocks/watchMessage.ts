import { hasTaskToFix } from '../vocabulary/syncStatus';
import { ACTION_IDS } from './actionIds';
import { openInFivetranButton } from './alertMessage';
import { actions, button, context, fields, section } from './components';
import { minutesBetween } from '../../time/formatDuration';
import { formatMinutes } from '../vocabulary/durations';
import { connectionLink, SLACK_DURATION } from './format';
import { fitMessage } from './limits';
import { escapeLine, slackDate } from './mrkdwn';
import type { KnownBlock, SlackMessage } from './types';

/** What `/fivetran watch <connection>` knows about a sync it follows. */
export interface WatchProgress {
  connectionId: string;
  connectionName: string | null;
  /** waiting: no sync running yet; the rest follow one sync to its end or to the time limit. */
  state: 'waiting' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'time_limit';
  startedAt: string | null;
  endedAt: string | null;
  /** The time the progress was read. */
  now: string;
  /** The connection's median sync duration: what "usual" means. */
  expectedMinutes: number | null;
  timeLimitMinutes: number;
  /** The sync_end status and reason, when it ended. */
  status?: string | null;
  reason?: string | null;
}

const BAR_WIDTH = 10;

function progressBar(elapsed: number, expected: number): string {
  const ratio = Math.max(0, Math.min(1, elapsed / expected));
  const filled = Math.round(ratio * BAR_WIDTH);
  return `${'▓'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${Math.round((elapsed / expected) * 100)}% of the usual time`;
}

function stateLine(progress: WatchProgress, elapsed: number | null): string {
  const name = connectionLink(progress.connectionId, progress.connectionName);
  switch (progress.state) {
    case 'waiting':
      return `:eyes: Watching ${name}: no sync running yet; I will follow the next one.`;
    case 'running': {
      const usual = progress.expectedMinutes && elapsed !== null ? `\n${progressBar(elapsed, progress.expectedMinutes)}` : '';
      const over = progress.expectedMinutes && elapsed !== null && elapsed > progress.expectedMinutes * 1.5 ? '\n:hourglass: Taking longer than usual.' : '';
      return `:arrows_counterclockwise: ${name} is syncing.${usual}${over}`;
    }
    case 'succeeded':
      return `:white_check_mark: ${name} finished syncing ${slackDate(progress.endedAt)}.`;
    case 'failed':
      return `:x: ${name}'s sync failed ${slackDate(progress.endedAt)}${progress.status && hasTaskToFix(progress.status) ? ', with a task to fix in Fivetran' : ''}.${progress.reason ? `\n${escapeLine(progress.reason, 600)}` : ''}`;
    case 'canceled':
      return `:black_square_for_stop: ${name}'s sync was canceled ${slackDate(progress.endedAt)}.`;
    case 'time_limit':
      return `:hourglass: Stopped watching ${name} after ${formatMinutes(progress.timeLimitMinutes, SLACK_DURATION)}; the sync had not finished. \`/fivetran watch\` again to keep following it.`;
  }
}

/** A watch message, edited in place as the sync moves; the Stop button shows while it runs. */
export function buildWatchMessage(progress: WatchProgress): SlackMessage {
  const end = progress.endedAt ?? progress.now;
  const minutes = minutesBetween(progress.startedAt, end);
  const elapsed = minutes !== null && Number.isFinite(minutes) ? minutes : null;
  const blocks: KnownBlock[] = [section(stateLine(progress, elapsed))];
  if (progress.state !== 'waiting') {
    blocks.push(
      fields([
        `*Started*\n${slackDate(progress.startedAt)}`,
        `*${progress.endedAt ? 'Took' : 'Elapsed'}*\n${formatMinutes(elapsed, SLACK_DURATION)}`,
        `*Usual duration (median)*\n${formatMinutes(progress.expectedMinutes, SLACK_DURATION)}`,
        `*Time limit*\n${progress.state === 'running' ? `${formatMinutes(progress.timeLimitMinutes, SLACK_DURATION)} at most` : 'done'}`,
      ]),
    );
  }
  const live = progress.state === 'waiting' || progress.state === 'running';
  blocks.push(context(`Updated ${slackDate(progress.now)}`));
  blocks.push(actions([...(live ? [button('Stop watching', ACTION_IDS.stopWatch, progress.connectionId)] : []), openInFivetranButton(progress.connectionId)]));
  const name = progress.connectionName ?? progress.connectionId;
  const text: Record<WatchProgress['state'], string> = {
    waiting: `Watching ${name}: waiting for a sync`,
    running: `${name} is syncing (${formatMinutes(elapsed, SLACK_DURATION)} so far)`,
    succeeded: `${name} finished syncing`,
    failed: `${name}'s sync failed`,
    canceled: `${name}'s sync was canceled`,
    time_limit: `Stopped watching ${name}: time limit reached`,
  };
  return fitMessage({ text: escapeLine(text[progress.state], 300), blocks });
}
