import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/loadConfig';
import type { Logger } from '../log/logger';
import { startSlackStandIn, type PersistenceProblem, type SlackStandIn } from './standin';

export interface Preview {
  standIn: SlackStandIn;
  botToken: string;
  signingSecret: string;
}

export interface PreviewOptions {
  /** The warehouse was created in this start: a workspace kept from before speaks of alerts it never had. */
  newWarehouse?: boolean;
}

const channelName = (channel: string) => channel.trim().replace(/^#/, '').toLowerCase();

export const PREVIEW_WORKSPACE_FILE = 'preview-workspace.json';

/**
 * Where the preview keeps its workspace: beside the DuckDB file, whose alert state points at its
 * messages; with Snowflake, whose alert state outlives the process too, in ./data. An in-memory
 * warehouse forgets its alerts, and the preview forgets its messages with it.
 */
export function previewWorkspaceFile(config: Config): string | undefined {
  const { kind, duckdbPath } = config.warehouse;
  if (kind === 'duckdb') return duckdbPath === ':memory:' ? undefined : path.join(path.dirname(path.resolve(duckdbPath)), PREVIEW_WORKSPACE_FILE);
  return path.resolve('data', PREVIEW_WORKSPACE_FILE);
}

function reportProblem(logger: Logger, problem: PersistenceProblem): void {
  if (problem.kind === 'unreadable') {
    const aside = problem.movedTo ? `; it was moved to ${problem.movedTo}` : '';
    logger.warn({ file: problem.file, movedTo: problem.movedTo, reason: problem.reason }, `the local Slack preview could not use its saved workspace: ${problem.reason}${aside}. The preview starts with empty channels.`);
  } else {
    logger.warn({ file: problem.file, reason: problem.reason }, `the local Slack preview could not save its workspace: ${problem.reason}. A restart will not show what was posted since.`);
  }
}

/**
 * The local Slack preview: the same stand-in the tests use, with the ops channel and every tenant's
 * channel, and credentials made up for this run only. The app talks to it exactly as to Slack.
 * Its workspace is kept in a file, so a restart shows the messages the app's alert state refers to.
 */
export async function startPreview(config: Config, tenants: ReadonlyArray<{ alertChannel: string | null }>, logger: Logger, options: PreviewOptions = {}): Promise<Preview> {
  const botToken = `xoxb-preview-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const names = [config.slack.opsChannel, ...tenants.flatMap((t) => (t.alertChannel ? [t.alertChannel] : []))].map(channelName);
  const channels = [...new Set(names)].map((name, index) => ({ id: `C0PREVIEW${String(index).padStart(2, '0')}`, name }));
  const file = previewWorkspaceFile(config);
  if (file && options.newWarehouse && existsSync(file)) {
    rmSync(file, { force: true });
    logger.info({ file }, 'the warehouse is new, so the local Slack preview starts with empty channels');
  }
  const standIn = await startSlackStandIn({
    port: config.preview.port,
    host: '127.0.0.1',
    signingSecret,
    botToken,
    channels,
    ...(file ? { persistence: { file, onProblem: (problem: PersistenceProblem) => reportProblem(logger, problem) } } : {}),
  });
  if (file) logger.info({ file }, 'the local Slack preview keeps its channels and messages in this file');
  return { standIn, botToken, signingSecret };
}
