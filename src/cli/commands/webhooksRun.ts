import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config/loadConfig';
import { explainFailure, failureCode } from '../../errors/explainFailure';
import { messageOf } from '../../errors/messageOf';
import { FivetranApiClient } from '../../live/fivetranApiClient';
import type { CliIo, ExitCode } from '../io';

/** The events Pulse acts on: a sync's start and end, and a connection paused or resumed. */
export const WEBHOOK_EVENTS = ['sync_start', 'sync_end', 'pause_connector', 'resume_connector'] as const;


const webhooksUsage = (usageLine: string): string => `${usageLine}

Registers an account webhook with Fivetran, signed with FIVETRAN_WEBHOOK_SECRET, for the events
${WEBHOOK_EVENTS.join(', ')}. Fivetran first POSTs a test event to the URL and
registers the webhook only if it answers 2xx: start Pulse there first, with the same secret.
It costs one API call, and needs a key allowed to manage webhooks (WEBHOOK MANAGE).

Options
  --url URL    the https address of Pulse's webhook, such as https://pulse.example.com/fivetran/webhook
  --help       this text`;

/** `webhooks setup`: 0 registered, 1 Fivetran did not register it, 2 bad input or configuration. */
export async function runWebhooks(argv: string[], io: CliIo, usageLine: string): Promise<ExitCode> {
  let values: { url?: string | undefined; help?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { url: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    return usageError(io, usageLine, messageOf(error));
  }
  if (values.help) {
    io.stdout.write(`${webhooksUsage(usageLine)}\n`);
    return 0;
  }
  const [action, ...extra] = positionals;
  if (action !== 'setup') return usageError(io, usageLine, action === undefined ? 'which action? The only one is setup.' : `"${action}" is not an action; the only one is setup.`);
  if (extra.length > 0) return usageError(io, usageLine, `"${extra.join(' ')}" is extra.`);
  const url = checkedUrl(values.url);
  if (typeof url !== 'string') return usageError(io, usageLine, url.problem);

  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    io.stderr.write(`${explainFailure('Pulse could not read its configuration', error)}\n`);
    return 2;
  }
  const { credentials, webhookSecret } = config.live;
  const missing = [...(credentials ? [] : ['FIVETRAN_API_KEY and FIVETRAN_API_SECRET (a key allowed to manage webhooks)']), ...(webhookSecret ? [] : ['FIVETRAN_WEBHOOK_SECRET (the secret Fivetran signs each webhook with, and Pulse checks)'])];
  if (!credentials || !webhookSecret) {
    io.stderr.write(`webhooks setup needs ${missing.join(', and ')}: set ${missing.length === 1 ? 'it' : 'them'} in the environment or .env, then run it again.\n`);
    return 2;
  }

  const client = new FivetranApiClient({ apiUrl: config.live.apiUrl, apiKey: credentials.apiKey, apiSecret: credentials.apiSecret, budgetShare: config.live.budgetShare });
  try {
    const { id } = await client.createAccountWebhook(url, webhookSecret, [...WEBHOOK_EVENTS]);
    io.stdout.write(
      `Registered Fivetran webhook ${id} for ${url}\n` +
        `  events: ${WEBHOOK_EVENTS.join(', ')}, for every connection of the account\n` +
        `  Fivetran's test event reached it; deliveries are signed with FIVETRAN_WEBHOOK_SECRET\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`${explainFailure('Fivetran did not register the webhook', error, { details: true })}\n${hintFor(failureCode(error), error)}`);
    return 1;
  }
}

function hintFor(code: string | null, error: unknown): string {
  const status = (error as { status?: unknown }).status;
  if (code === 'PULSE_FIVETRAN_REFUSED' && status === 400) {
    return 'Fivetran sends a test event to the URL first and needs a 2xx answer: check that Pulse runs there, reachable from the internet, with the same FIVETRAN_WEBHOOK_SECRET.\n';
  }
  if (code === 'PULSE_FIVETRAN_AUTH' && status === 403) return 'The API key needs permission to manage webhooks (WEBHOOK MANAGE), or an account administrator\'s role.\n';
  if (code === 'PULSE_FIVETRAN_OUTCOME_UNKNOWN') return 'Look at the account\'s webhooks in Fivetran (Account settings > Webhooks) before running it again, or it may be registered twice.\n';
  return '';
}

function checkedUrl(raw: string | undefined): string | { problem: string } {
  if (raw === undefined || raw.trim() === '') return { problem: '--url is required: the https address of Pulse\'s webhook, such as https://pulse.example.com/fivetran/webhook.' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { problem: `--url expects an https address such as https://pulse.example.com/fivetran/webhook; got "${raw}".` };
  }
  if (url.protocol !== 'https:') return { problem: `--url must be https (Fivetran sends webhooks only to https addresses); got "${raw}".` };
  return url.toString();
}

function usageError(io: CliIo, usageLine: string, problem: string): ExitCode {
  io.stderr.write(`${usageLine}\nwebhooks: ${problem}\n`);
  return 2;
}
