import { useDemoHarness } from '../support/demoHarness';
import type { RecordedResponse } from '../../src/preview/standin';
import { eventually } from '../support/eventually';
import { CHANNELS } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';

const { pulse } = useDemoHarness();

const textOf = (answer: RecordedResponse) => JSON.stringify(answer.body);
const actionIds = (answer: RecordedResponse) =>
  ((answer.body.blocks as Array<{ type: string; elements?: Array<{ action_id?: string }> }>) ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));

describe('/fivetran through the real Bolt app', () => {
  it('acks at once and answers status privately with a Share in channel button, within Slack limits', async () => {
    const { status, answer } = await pulse.command('status');
    expect(status).toBe(200);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(textOf(answer)).toContain('hubspot_acme');
    expect(actionIds(answer)).toContain('shareInChannel');
    assertWithinSlackLimits(answer.body);
  });

  it('answers help for empty and unknown input, with a did-you-mean', async () => {
    expect(textOf((await pulse.command('')).answer)).toContain('/fivetran status');
    expect(textOf((await pulse.command('stauts')).answer)).toMatch(/Did you mean `\/fivetran status`/);
  });

  it('answers unknown tenants and connections with close matches', async () => {
    expect(textOf((await pulse.command('tenant acm')).answer)).toMatch(/acme/);
    expect(textOf((await pulse.command('status globex_postgre')).answer)).toMatch(/globex_postgres/);
  });

  it('answers unknown connections with close names in every subcommand that takes one', async () => {
    for (const text of ['errors globex_postgre', 'syncs globex_netsuit', 'schema globex_postgre', 'status globex_netsuit']) {
      const answer = textOf((await pulse.command(text)).answer);
      expect({ text, answer }).toEqual({ text, answer: expect.stringMatching(/No connection .*Did you mean `globex_(postgres|netsuite)`/) });
    }
    // watch answers through its own listener, with the same close names.
    expect(textOf((await pulse.command('watch globex_netsuit')).answer)).toMatch(/Did you mean `globex_netsuite`/);
    // Nothing close: where to find the names instead of an empty answer.
    expect(textOf((await pulse.command('syncs zzzzzzzz')).answer)).toMatch(/No connection .*`\/fivetran status` lists the connections this channel can see/);
  });

  it('answers an unknown tenant with nothing close with the tenants there are', async () => {
    const answer = textOf((await pulse.command('tenant zzzzzzzz')).answer);
    expect(answer).toMatch(/No tenant .*Tenants: acme, acme_eu, globex, initech/);
  });

  it("lists each connection's firing alert on its line of /fivetran status", async () => {
    const answer = textOf((await pulse.command('status')).answer);
    // Its row of the table: health, the connection linked to Fivetran, no tenant, and the alert in words.
    const cells = '\\{"type":"rich_text","elements":\\[\\{"type":"rich_text_section","elements":\\[';
    expect(answer).toMatch(
      new RegExp(
        `${cells}\\{"type":"emoji","name":"large_green_circle"\\},\\{"type":"text","text":" Connected"\\}\\]\\}\\]\\},` +
          `${cells}\\{"type":"link","url":"[^"]*","text":"acmecorp_ads"\\}\\]\\}\\]\\},\\{"type":"raw_text","text":"no tenant"\\},` +
          `${cells}\\{"type":"emoji","name":"warning"\\},\\{"type":"text","text":" no success for \\d+ h"\\}`,
      ),
    );
  });

  it('answers every subcommand from the demo within Slack limits', async () => {
    for (const text of ['status hubspot_acme', 'tenant acme', 'errors', 'errors globex_postgres', 'syncs', 'syncs globex_netsuite', 'schema', 'mar', 'alerts', 'check', 'help', 'help status']) {
      const { answer } = await pulse.command(text);
      assertWithinSlackLimits(answer.body);
      expect(String(answer.body.text).length).toBeGreaterThan(0);
    }
  });

  it("shows a tenant's channel only that tenant, whatever is typed", async () => {
    const status = textOf((await pulse.command('status', CHANNELS.acme)).answer);
    expect(status).toContain('hubspot_acme');
    expect(status).not.toContain('globex_postgres');
    expect(status).not.toContain('acme_eu_pg');
    expect(textOf((await pulse.command('tenant globex', CHANNELS.acme)).answer)).toMatch(/belongs to tenant acme/);
    // Asking for another tenant's connection by name learns nothing: not its id, health or neighbours.
    const probe = textOf((await pulse.command('status globex_postgres', CHANNELS.acme)).answer);
    expect(probe).toMatch(/No connection/);
    expect(probe).not.toMatch(/cobalt_delta|broken|globex_s3|Did you mean/);
  });

  it('withstands hostile text', async () => {
    const { status, answer } = await pulse.command('status <script>alert(1)</script> & <@U123> <!channel>');
    expect(status).toBe(200);
    expect(textOf(answer)).not.toContain('<script>');
    expect(textOf(answer)).not.toContain('<!channel>');
  });

  describe('a subcommand with an argument missing or left over gets its usage, not the whole help', () => {
    const wholeHelp = /I don't know|\/fivetran check`/;

    it('asks which tenant, listing the tenants this channel may see', async () => {
      const { answer } = await pulse.command('tenant');
      const text = textOf(answer);
      expect(answer.body.text).toBe('/fivetran tenant &lt;tenant_id&gt;: which tenant? Tenants: acme, acme_eu, globex, initech');
      expect(text).toContain('`/fivetran tenant &lt;tenant_id&gt;`: which tenant?');
      expect(text).toContain('Tenants: `acme`, `acme_eu`, `globex`, `initech`');
      expect(text).not.toMatch(wholeHelp);
      assertWithinSlackLimits(answer.body);

      const own = await pulse.command('tenant', CHANNELS.acme);
      expect(own.answer.body.text).toBe('/fivetran tenant &lt;tenant_id&gt;: which tenant? Tenants: acme');
      expect(textOf(own.answer)).not.toMatch(/globex|initech|acme_eu/);
    });

    it('asks which connection to watch, naming the syncs running in this channel\'s scope', async () => {
      const ops = textOf((await pulse.command('watch')).answer);
      expect(ops).toContain('`/fivetran watch &lt;connection&gt;`: which connection?');
      expect(ops).toMatch(/Syncing now: .*`globex_netsuite`.*`initech_shopify`/);
      expect(ops).not.toMatch(wholeHelp);
      const globex = textOf((await pulse.command('watch', CHANNELS.globex)).answer);
      expect(globex).toContain('`globex_netsuite`');
      expect(globex).not.toMatch(/initech|acme/);
    });

    it('says what was extra', async () => {
      const mar = await pulse.command('mar now please');
      expect(mar.answer.body.text).toBe('/fivetran mar takes no arguments: "now please" is extra.');
      expect(textOf(mar.answer)).toContain('`/fivetran mar` takes no arguments: `now please` is extra.');
      expect(textOf(mar.answer)).not.toMatch(wholeHelp);
      const status = textOf((await pulse.command('status hubspot_acme globex_s3')).answer);
      expect(status).toContain('`/fivetran status [connection]` takes one argument: `globex_s3` is extra.');
      const tenant = textOf((await pulse.command('tenant acme globex', CHANNELS.acme)).answer);
      expect(tenant).toContain('`/fivetran tenant &lt;tenant_id&gt;` takes one argument: `globex` is extra.');
    });

    it('explains one subcommand on help <command>, and says so when there is no such command', async () => {
      const help = textOf((await pulse.command('help tenant')).answer);
      expect(help).toContain('`/fivetran tenant &lt;tenant_id&gt;`');
      expect(help).not.toContain('/fivetran mar');
      expect(textOf((await pulse.command('help stauts')).answer)).toMatch(/I don't know `stauts`\. Did you mean `\/fivetran status`\?/);
    });
  });

  it('rejects forged and stale signatures with 401 and answers nothing', async () => {
    const before = pulse.standIn.responses.length;
    expect((await pulse.standIn.slashCommand({ command: '/fivetran', text: 'status', channelId: CHANNELS.ops.id, tamper: 'forged-signature' })).status).toBe(401);
    expect((await pulse.standIn.slashCommand({ command: '/fivetran', text: 'status', channelId: CHANNELS.ops.id, tamper: 'stale-timestamp' })).status).toBe(401);
    // A genuine command sent after them is answered; by then an answer to either would have come too.
    const { answer } = await pulse.command('status');
    expect(pulse.standIn.responses.slice(before)).toEqual([answer]);
  });

  it('says the warehouse is down instead of staying silent', async () => {
    pulse.warehouse.down = true;
    try {
      const { status, answer } = await pulse.command('status');
      expect(status).toBe(200);
      expect(textOf(answer)).toMatch(/Pulse could not answer: the warehouse is unreachable right now/);
    } finally {
      pulse.warehouse.down = false;
    }
  });

  it('shares an answer in the channel for everyone', async () => {
    const { answer } = await pulse.command('mar');
    const message = pulse.standIn.timeline(CHANNELS.ops.id).find((entry) => JSON.stringify(entry).includes('shareInChannel'));
    expect(message).toBeDefined();
    const share = (answer.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'shareInChannel');
    const before = pulse.standIn.responses.length;
    const ts = (message as { ts: string }).ts;
    await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: ts, actionId: 'shareInChannel', value: share?.value ?? '' });
    const shared = await eventually(() => pulse.standIn.responses.slice(before).find((r) => r.body.response_type === 'in_channel'), undefined, 'the answer shared in the channel');
    expect(actionIds(shared)).not.toContain('shareInChannel');
  });

  it('answers /healthz while alive and /readyz only when the warehouse answers, asking it at most once a minute', async () => {
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${pulse.port}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok', pendingDeliveries: { count: 0, oldestAgeSeconds: null } } });
      pulse.warehouse.down = true;
      // Alive all the same; what is pending lives in the alert state, which cannot be read now.
      expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok', pendingDeliveries: null } });
      expect(await get('/readyz')).toMatchObject({ status: 503, body: { slack: 'ok' } });
      pulse.warehouse.down = false;
      expect(await get('/readyz')).toEqual({ status: 200, body: { warehouse: 'ok', slack: 'ok' } });
      // Within the minute the last answer stands: probes do not keep a warehouse awake.
      pulse.warehouse.down = true;
      expect((await get('/readyz')).status).toBe(200);
    } finally {
      pulse.warehouse.down = false;
    }
  });
});
