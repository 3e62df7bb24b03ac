import { captureIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/main';
import { signFivetranPayload, startFivetranStandIn, type FivetranStandIn } from '../../../src/preview/fivetran';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhookReceiver';

const KEY = 'cli-key-7d1';
const SECRET = 'cli-secret-c0ffee';
const HOOK_SECRET = 'whsec-cli-0123456789';
const URL_ = 'https://pulse.example.com/fivetran/webhook';

let fivetran: FivetranStandIn;
let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  const local = new URL(receiver.url).origin;
  // As DNS would: the public https address reaches the loopback receiver.
  fivetran = await startFivetranStandIn({ apiKey: KEY, apiSecret: SECRET, resolveWebhookUrl: (url) => url.replace('https://pulse.example.com', local) });
});

afterEach(async () => {
  await fivetran.close();
  await receiver.close();
});

async function cli(env: Record<string, string>, ...argv: string[]) {
  const io = captureIo({ FIVETRAN_API_URL: fivetran.url, ...env });
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const configured = { FIVETRAN_API_KEY: KEY, FIVETRAN_API_SECRET: SECRET, FIVETRAN_WEBHOOK_SECRET: HOOK_SECRET };

describe('npm run cli -- webhooks setup', () => {
  it("registers the account webhook with the secret and Pulse's four events, after Fivetran's test call reached it, in one API call", async () => {
    const run = await cli(configured, 'webhooks', 'setup', '--url', URL_);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const [hook] = fivetran.webhooks();
    expect(fivetran.webhooks()).toEqual([
      expect.objectContaining({ type: 'account', url: URL_, events: ['sync_start', 'sync_end', 'pause_connector', 'resume_connector'], active: true, secret: HOOK_SECRET }),
    ]);
    expect(run.out).toBe(
      `Registered Fivetran webhook ${hook?.id ?? ''} for ${URL_}\n` +
        '  events: sync_start, sync_end, pause_connector, resume_connector, for every connection of the account\n' +
        "  Fivetran's test event reached it; deliveries are signed with FIVETRAN_WEBHOOK_SECRET\n",
    );
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.signature).toBe(signFivetranPayload(HOOK_SECRET, receiver.received[0]?.body ?? ''));
    expect(fivetran.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/webhooks/account']);
  });

  it('says which variables are missing before asking Fivetran anything', async () => {
    const none = await cli({}, 'webhooks', 'setup', '--url', URL_);
    expect(none.code).toBe(2);
    expect(none.err).toBe(
      'webhooks setup needs FIVETRAN_API_KEY and FIVETRAN_API_SECRET (a key allowed to manage webhooks), and FIVETRAN_WEBHOOK_SECRET (the secret Fivetran signs each webhook with, and Pulse checks): set them in the environment or .env, then run it again.\n',
    );
    const noSecret = await cli({ FIVETRAN_API_KEY: KEY, FIVETRAN_API_SECRET: SECRET }, 'webhooks', 'setup', '--url', URL_);
    expect(noSecret.err).toMatch(/^webhooks setup needs FIVETRAN_WEBHOOK_SECRET \(/);
    const half = await cli({ FIVETRAN_API_KEY: KEY, FIVETRAN_WEBHOOK_SECRET: HOOK_SECRET }, 'webhooks', 'setup', '--url', URL_);
    expect(half.code).toBe(2);
    expect(half.err).toContain('FIVETRAN_API_SECRET: expected to be set together with FIVETRAN_API_KEY');
    expect(fivetran.requestCount()).toBe(0);
  });

  it('answers bad input with its usage', async () => {
    const usage = 'Usage: npm run cli -- webhooks setup --url <https url>\n';
    expect(await cli(configured, 'webhooks')).toEqual({ code: 2, out: '', err: `${usage}webhooks: which action? The only one is setup.\n` });
    expect(await cli(configured, 'webhooks', 'setup')).toMatchObject({ code: 2, err: expect.stringContaining('webhooks: --url is required') });
    expect(await cli(configured, 'webhooks', 'setup', '--url', 'http://pulse.example.com/fivetran/webhook')).toMatchObject({ code: 2, err: expect.stringContaining('--url must be https') });
    expect(await cli(configured, 'webhooks', 'remove', '--url', URL_)).toMatchObject({ code: 2, err: expect.stringContaining('"remove" is not an action') });
    expect((await cli(configured, 'webhooks', '--help')).out).toContain('WEBHOOK MANAGE');
    expect(fivetran.requestCount()).toBe(0);
  });

  it("says clearly when Fivetran refuses: the test call failed, or the key is wrong, never showing the secrets", async () => {
    receiver.answerWith(401);
    const refused = await cli(configured, 'webhooks', 'setup', '--url', URL_);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `Fivetran did not register the webhook: Fivetran refused to register the webhook (400: Test event delivery failed: ${URL_} answered 401).\n` +
        'Fivetran sends a test event to the URL first and needs a 2xx answer: check that Pulse runs there, reachable from the internet, with the same FIVETRAN_WEBHOOK_SECRET.\n',
    );
    expect(fivetran.webhooks()).toEqual([]);

    const wrongKey = await cli({ ...configured, FIVETRAN_API_SECRET: 'wrong-secret-123' }, 'webhooks', 'setup', '--url', URL_);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toMatch(/Fivetran refused the API key when asked to register the webhook \(401: .*\): check FIVETRAN_API_KEY and FIVETRAN_API_SECRET/);
    for (const secret of [SECRET, 'wrong-secret-123', HOOK_SECRET]) expect(wrongKey.err + refused.err).not.toContain(secret);
  });
});
