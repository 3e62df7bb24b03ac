import { createAlertNotifier } from '../../../src/alerts/notifier';
import { alertChannelsFor } from '../../../src/alerts/routing';
import { createAlertStore } from '../../../src/alerts/store';
import { alertMessenger } from '../../../src/jobs/alertMessenger';
import { createSnowflakeWarehouse } from '../../../src/warehouse/snowflake';
import type { Warehouse } from '../../../src/warehouse/types';
import { NOW, anAlert, minutesBefore } from '../../support/fixtures/assessment';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../../support/snowflake';
import { captureLogger, standInConfig } from '../../support/snowflake/fixtures';
import { assertParsesAsSnowflake } from '../../support/sqlCheck';
import { RecordingSlack } from '../support/recordingSlack';
import { memoryWarehouse, silentLogger } from '../support/warehouse';

/**
 * The state tables as the release before incidents per connection created them: one incident per
 * rule, keyed `<rule>:<connection>`, with no `rules` or `merged_into` column.
 */
const PREVIOUS_RELEASE = {
  alert_incidents: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, rule VARCHAR NOT NULL, connection_id VARCHAR,
    connection_name VARCHAR, tenant_id VARCHAR, severity VARCHAR NOT NULL, summary VARCHAR NOT NULL, since_at TIMESTAMP,
    details VARCHAR, status VARCHAR NOT NULL, opened_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP, acked_by VARCHAR, acked_at TIMESTAMP, snoozed_until TIMESTAMP, snoozed_by VARCHAR,
    last_reminded_at TIMESTAMP`,
  alert_messages: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, channel VARCHAR NOT NULL, channel_id VARCHAR,
    ts VARCHAR, group_id VARCHAR, grouped BOOLEAN NOT NULL, claim_token VARCHAR NOT NULL, claimed_at TIMESTAMP NOT NULL,
    posted_at TIMESTAMP, reminded_at TIMESTAMP`,
  alert_audit: `acted_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL, incident_id VARCHAR,
    fingerprint VARCHAR, channel VARCHAR, detail VARCHAR`,
  monitor_state: 'state_key VARCHAR NOT NULL, state_value VARCHAR, updated_at TIMESTAMP NOT NULL',
};

const OPS = 'fivetran-ops';
const ago = (minutes: number) => minutesBefore(NOW, minutes);

async function createPreviousRelease(warehouse: Warehouse, schema: string): Promise<void> {
  const run = (sql: string, binds: Array<string | null> = []) => warehouse.query(sql, binds, { tag: 'pulse:test:previous-release' });
  await run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  for (const [table, columns] of Object.entries(PREVIOUS_RELEASE)) await run(`CREATE TABLE ${schema}.${table} (${columns})`);
  const incident = (id: string, rule: string, connection: string | null, status: string, extra: { opened: number; acked?: string; resolved?: number; severity?: string }) =>
    run(
      `INSERT INTO ${schema}.alert_incidents (incident_id, fingerprint, rule, connection_id, connection_name, tenant_id, severity, summary, since_at, details,
         status, opened_at, last_seen_at, resolved_at, acked_by, acked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::TIMESTAMP, ?, ?, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?::TIMESTAMP)`,
      [
        id, connection ? `${rule}:${connection}` : rule, rule, connection, connection ? 'globex_postgres' : null, connection ? 'globex' : null,
        extra.severity ?? 'critical', `globex_postgres: ${rule}`, ago(extra.opened + 30), '{"failuresInARow":3}', status, ago(extra.opened), ago(5),
        extra.resolved === undefined ? null : ago(extra.resolved), extra.acked ?? null, extra.acked ? ago(extra.opened - 5) : null,
      ],
    );
  const message = (id: string, fingerprint: string, ts: string) =>
    run(
      `INSERT INTO ${schema}.alert_messages (incident_id, fingerprint, channel, channel_id, ts, group_id, grouped, claim_token, claimed_at, posted_at)
       VALUES (?, ?, ?, ?, ?, NULL, FALSE, ?, ?::TIMESTAMP, ?::TIMESTAMP)`,
      [id, fingerprint, OPS, RecordingSlack.idFor(OPS), ts, `clm_${id}`, ago(100), ago(100)],
    );
  // globex_postgres fired two rules, each its own incident and message; the first one acknowledged.
  await incident('inc_00000000000000000001', 'sync_failed', 'cobalt_delta', 'acknowledged', { opened: 300, acked: 'U0ALICE' });
  await message('inc_00000000000000000001', 'sync_failed:cobalt_delta', '1700000000.000001');
  await incident('inc_00000000000000000002', 'frequent_errors', 'cobalt_delta', 'open', { opened: 200, severity: 'warning' });
  await message('inc_00000000000000000002', 'frequent_errors:cobalt_delta', '1700000000.000002');
  // Another connection's incident resolved 20 minutes ago, within the quiet period.
  await incident('inc_00000000000000000003', 'sync_delayed', 'brisk_heron', 'resolved', { opened: 400, resolved: 20, severity: 'warning' });
  await message('inc_00000000000000000003', 'sync_delayed:brisk_heron', '1700000000.000003');
  await incident('inc_00000000000000000004', 'metadata_stale', null, 'open', { opened: 60 });
  await message('inc_00000000000000000004', 'metadata_stale', '1700000000.000004');
}

/** One upgrade, carried out on the given warehouse: the tables of the release before, then a start and an alert run. */
async function upgradeOn(warehouse: Warehouse, schema: string): Promise<void> {
  await createPreviousRelease(warehouse, schema);
  const store = createAlertStore(warehouse, schema);
  await store.init();
  const columns = await warehouse.query(
    `SELECT LOWER(column_name) AS column_name FROM INFORMATION_SCHEMA.COLUMNS WHERE UPPER(table_schema) = ? AND LOWER(table_name) = 'alert_incidents'`,
    [schema.toUpperCase()],
    { tag: 'pulse:test:columns' },
  );
  expect(columns.map((row) => row.column_name)).toEqual(expect.arrayContaining(['rules', 'merged_into']));
  // The delivery queue, which the release before did not have, is created next to the tables already there.
  const queue = await warehouse.query(
    `SELECT LOWER(table_name) AS table_name FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(table_schema) = ? AND LOWER(table_name) = 'alert_deliveries'`,
    [schema.toUpperCase()],
    { tag: 'pulse:test:tables' },
  );
  expect(queue).toHaveLength(1);
  const stored = await store.listRecent(10);
  expect(stored.map((incident) => [incident.incidentId, incident.fingerprint]).sort()).toEqual([
    ['inc_00000000000000000001', 'connection:cobalt_delta'],
    ['inc_00000000000000000002', 'connection:cobalt_delta'],
    ['inc_00000000000000000003', 'connection:brisk_heron'],
    ['inc_00000000000000000004', 'metadata_stale'],
  ]);
  await store.init(); // a second start finds everything in place

  const slack = new RecordingSlack();
  const notifier = createAlertNotifier({
    store, messenger: alertMessenger(slack), logger: silentLogger, repeatHours: 24, groupThreshold: 5, reopenWithinMinutes: 60,
    channelsFor: alertChannelsFor(OPS, []), minIntervalMs: 0,
  });
  const failed = anAlert({ connectionId: 'cobalt_delta', connectionName: 'globex_postgres', fingerprint: 'sync_failed:cobalt_delta' });
  const errors = anAlert({ connectionId: 'cobalt_delta', connectionName: 'globex_postgres', fingerprint: 'frequent_errors:cobalt_delta', rule: 'frequent_errors', severity: 'warning' });
  const delayed = anAlert({ connectionId: 'brisk_heron', connectionName: 'acmecorp_ads', tenantId: null, fingerprint: 'sync_delayed:brisk_heron', rule: 'sync_delayed', severity: 'warning' });
  const stale = anAlert({ connectionId: null, connectionName: null, tenantId: null, fingerprint: 'metadata_stale', rule: 'metadata_stale' });
  const report = await notifier.run([failed, errors, delayed, stale], new Date(NOW));

  // Nothing is posted again: the oldest incident of globex_postgres carries both rules, still acknowledged.
  expect(report.failures).toEqual([]);
  expect(slack.topLevel()).toEqual([]);
  const [carrier, merged, reopened, monitoring] = await store.getIncidents([
    'inc_00000000000000000001', 'inc_00000000000000000002', 'inc_00000000000000000003', 'inc_00000000000000000004',
  ]).then((all) => ['1', '2', '3', '4'].map((n) => all.find((incident) => incident.incidentId.endsWith(n))));
  expect(carrier).toMatchObject({ status: 'acknowledged', ackedBy: 'U0ALICE', mergedInto: null });
  expect(carrier!.rules.map((rule) => [rule.rule, rule.clearedAt])).toEqual([['sync_failed', null], ['frequent_errors', null]]);
  expect(merged).toMatchObject({ status: 'resolved', mergedInto: 'inc_00000000000000000001' });
  expect(reopened).toMatchObject({ status: 'open', resolvedAt: null });
  expect(monitoring).toMatchObject({ status: 'open', fingerprint: 'metadata_stale' });

  const edited = (ts: string) => JSON.stringify(slack.updates.filter((update) => update.ts === ts).at(-1));
  expect(edited('1700000000.000001')).toMatch(/Sync failed[\s\S]*Frequent errors/);
  expect(edited('1700000000.000002')).toContain('Merged');
  expect(edited('1700000000.000002')).not.toContain('acknowledgeAlert');
  expect(edited('1700000000.000003')).toContain('acknowledgeAlert');
  expect(slack.replies().map((reply) => reply.text)).toEqual([expect.stringMatching(/^Firing again: acmecorp_ads: Sync delayed/)]);

  // A second run finds one incident per connection and has nothing to do.
  const again = await notifier.run([failed, errors, delayed, stale], new Date(Date.parse(NOW) + 60_000));
  expect(again.plan.merged).toEqual([]);
  expect(again.posted + again.edited).toBe(0);
}

describe('upgrading the state tables from one incident per rule', () => {
  it('merges each connection\'s incidents into its oldest on DuckDB, posting nothing again', async () => {
    const warehouse = memoryWarehouse();
    try {
      await upgradeOn(warehouse, 'pulse_state');
    } finally {
      await warehouse.close();
    }
  });

  describe('on Snowflake (the real driver against the stand-in)', () => {
    const PASSWORD = 'an upgrade password of some length';
    let standIn: SnowflakeStandIn;

    beforeAll(async () => {
      standIn = await startSnowflakeStandIn({ users: [{ name: 'PULSE', password: PASSWORD }] });
    });
    afterAll(async () => {
      await standIn?.close();
    });

    it('does the same in statements Snowflake parses', async () => {
      const warehouse = createSnowflakeWarehouse({ config: standInConfig(standIn, 'pulse', { kind: 'password', password: PASSWORD }), queryTimeoutSeconds: 30, logger: captureLogger('warn').logger });
      try {
        await upgradeOn(warehouse, 'PULSE_STATE');
        const pulse = standIn.statements.filter((statement) => statement.queryTag?.startsWith('pulse:alerts:'));
        expect(pulse.some((statement) => /^ALTER TABLE PULSE_STATE\.alert_incidents ADD COLUMN rules VARCHAR$/.test(statement.sqlText))).toBe(true);
        await assertParsesAsSnowflake(pulse.map((statement) => statement.sqlText));
      } finally {
        await warehouse.close();
      }
    }, 60_000);
  });
});
