import { randomBytes } from 'node:crypto';
import type { Config } from '../config/loadConfig';
import { startSlackStandIn, type SlackStandIn } from '../preview/standin';
import type { Tenant } from '../tenants/types';

export interface Preview {
  standIn: SlackStandIn;
  botToken: string;
  signingSecret: string;
}

const channelName = (channel: string) => channel.trim().replace(/^#/, '').toLowerCase();

/**
 * The local Slack preview: the same stand-in the tests use, with the ops channel and every tenant's
 * channel, and credentials made up for this run only. The app talks to it exactly as to Slack.
 */
export async function startPreview(config: Config, tenants: readonly Tenant[]): Promise<Preview> {
  const botToken = `xoxb-preview-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const names = [config.slack.opsChannel, ...tenants.flatMap((t) => (t.alertChannel ? [t.alertChannel] : []))].map(channelName);
  const channels = [...new Set(names)].map((name, index) => ({ id: `C0PREVIEW${String(index).padStart(2, '0')}`, name }));
  const standIn = await startSlackStandIn({ port: config.preview.port, host: '127.0.0.1', signingSecret, botToken, channels });
  return { standIn, botToken, signingSecret };
}
