import { basename } from 'node:path';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { readSyncProgress } from '../../src/fivetran/readSyncProgress';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../support/snowflake';
import { captureLogger } from '../support/snowflake/fixtures';
import { assertParsesAsSnowflake } from '../support/sqlCheck';

/**
 * The Slack flows with WAREHOUSE=snowflake: the real snowflake-sdk driver against the protocol
 * stand-in, on a copy of the same demo data the DuckDB run reads, must post and answer the same.
 * The 2 s deadline passes only when a test moves the harness's deadline clock, after the event the
 * test is about, so a slow machine cannot make a statement miss it.
 */
const PASSWORD = 'a long and boring password';
const DEADLINE_MS = 2000;
const log = captureLogger();

let onDuckDb: Harness;
let onSnowflake: Harness;
let standIn: SnowflakeStandIn;
const files: Array<{ remove(): void }> = [];

beforeAll(async () => {
  const [duckFile, snowFile] = [await makeDemoFile(), await makeDemoFile()];
  files.push(duckFile, snowFile);
  standIn = await startSnowflakeStandIn({ duckdbPath: snowFile.path, users: [{ name: 'PULSE', password: PASSWORD }] });
  onDuckDb = await startHarness({ duckdbPath: duckFile.path, now: DEMO_NOW });
  onSnowflake = await startHarness({
    duckdbPath: snowFile.path,
    now: DEMO_NOW,
    logger: log.logger,
    env: {
      WAREHOUSE: 'snowflake',
      SNOWFLAKE_ACCOUNT: standIn.account,
      SNOWFLAKE_USER: 'pulse',
      SNOWFLAKE_PASSWORD: PASSWORD,
      SNOWFLAKE_WAREHOUSE: 'PULSE_WH',
      SNOWFLAKE_DATABASE: basename(snowFile.path).replace(/\.duckdb$/, '').toUpperCase(),
      SNOWFLAKE_ACCESS_URL: standIn.url,
      WAREHOUSE_QUERY_TIMEOUT_SECONDS: String(DEADLINE_MS / 1000),
    },
  });
});

/** Lets the deadline pass each time a statement is held on its way to Snowflake, until `pending` settles. */
async function whileStatementsAreHeld<T>(pending: Promise<T>): Promise<T> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  let held = 0;
  for (;;) {
    await eventually(() => settled || standIn.holding > held, undefined, 'a statement held on its way');
    if (settled) return pending;
    held = standIn.holding;
    await onSnowflake.deadlines.advance(DEADLINE_MS);
  }
}

/**
 * Lets the deadline pass once every statement under way is being retried by the driver (so each
 * fails as unreachable, never as slow), until `pending` settles.
 */
async function whileSnowflakeIsUnreachable<T>(pending: Promise<T>): Promise<T> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  const retries = () => log.entries().filter((entry) => entry.msg === 'Snowflake did not answer; the driver sends the statement again');
  let seen = retries().length;
  for (;;) {
    await eventually(() => settled || new Set(retries().slice(seen).map((entry) => entry.requestId)).size >= Math.max(1, onSnowflake.warehouse.inFlight), undefined, 'every statement under way retried');
    if (settled) return pending;
    seen = retries().length;
    await onSnowflake.deadlines.advance(DEADLINE_MS);
  }
}

afterAll(async () => {
  await onDuckDb?.stop();
  await onSnowflake?.stop();
  await standIn?.close();
  for (const file of files) file.remove();
});

describe('the Slack app on Snowflake', () => {
  it('answers every subcommand exactly as on DuckDB', async () => {
    for (const text of ['status', 'status hubspot_acme', 'tenant acme', 'errors', 'syncs', 'schema', 'mar', 'check']) {
      const [duck, snow] = [await onDuckDb.command(text), await onSnowflake.command(text)];
      expect({ text, body: snow.answer.body }).toEqual({ text, body: duck.answer.body });
    }
    const answered = await onSnowflake.command('status', CHANNELS.acme);
    expect(JSON.stringify(answered.answer.body)).not.toContain('globex_postgres');
  });

  it('posts the same alerts and dashboards', async () => {
    await onDuckDb.jobs.runAlerts();
    await onSnowflake.jobs.runAlerts();
    await onDuckDb.jobs.runDashboard();
    await onSnowflake.jobs.runDashboard();
    // Channels are posted to in parallel, so only the set of messages is comparable, not their order.
    const posted = (h: Harness) =>
      h.standIn
        .callsTo('chat.postMessage')
        .map((c) => JSON.stringify({ channel: c.args.channel, text: c.args.text, blocks: c.args.blocks }))
        .sort();
    expect(posted(onSnowflake).length).toBeGreaterThan(4);
    expect(posted(onSnowflake)).toEqual(posted(onDuckDb));
    expect(standIn.statements.every((s) => s.queryTag?.startsWith('pulse:'))).toBe(true);
  });

  it('says the warehouse did not answer in N s when a query hangs, and recovers after', async () => {
    standIn.inject({ kind: 'hold', requests: 'statements' });
    try {
      const { status, answer } = await whileStatementsAreHeld(onSnowflake.command('status'));
      expect(status).toBe(200);
      expect(JSON.stringify(answer.body)).toContain('Pulse could not answer: the warehouse did not answer in 2 s.');
    } finally {
      await standIn.heal();
    }
    const { answer } = await onSnowflake.command('status hubspot_acme');
    expect(JSON.stringify(answer.body)).toContain('hubspot_acme');
  });

  it('sends only statements that parse as Snowflake SQL, the watch read included', async () => {
    const { monitor } = onSnowflake.services;
    await readSyncProgress(monitor.warehouse, monitor.naming, 'spry_kestrel', new Date(DEMO_NOW.getTime() - 3_600_000), DEMO_NOW);
    expect(standIn.statements.some((s) => s.queryTag === 'pulse:watch:progress')).toBe(true);
    await assertParsesAsSnowflake(standIn.statements.map((s) => s.sqlText));
  });

  it('fails scheduled runs cleanly while Snowflake refuses connections, says so once, and once more when it is back', async () => {
    const notices = () => onSnowflake.standIn.callsTo('chat.postMessage').filter((c) => /Monitoring (is degraded|recovered)/.test(String(c.args.text)));
    const open = (await onSnowflake.services.store.loadForRun(new Date(0))).filter((i) => i.status !== 'resolved').length;
    standIn.inject({ kind: 'refuse' });
    try {
      for (let run = 0; run < 4; run += 1) expect(await whileSnowflakeIsUnreachable(onSnowflake.jobs.runAlerts())).toBeNull();
    } finally {
      await standIn.heal();
    }
    expect(notices().map((c) => String(c.args.text))).toEqual([expect.stringMatching(/Monitoring is degraded: the last 3 runs could not read Fivetran's metadata \(the warehouse is unreachable right now\)/)]);
    expect(await onSnowflake.jobs.runAlerts()).not.toBeNull();
    expect(notices()).toHaveLength(2);
    expect(String(notices()[1]?.args.text)).toMatch(/Monitoring recovered/);
    // Nothing was resolved while Pulse could not see.
    expect((await onSnowflake.services.store.loadForRun(new Date(0))).filter((i) => i.status !== 'resolved').length).toBe(open);
  });
});
