import { runCli } from '../../src/cli/main';
import { loadConfig } from '../../src/config/loadConfig';
import { DEMO_SCENARIOS } from '../../src/demo';
import { scopeToTenant } from '../../src/health/scope';
import type { Assessment } from '../../src/health/types';
import { createLogger } from '../../src/log/logger';
import { startMonitor } from '../../src/jobs/monitor';
import { openWarehouse } from '../../src/jobs/openWarehouse';
import type { Tenant } from '../../src/fivetran/types';
import { shortAlertSummary } from '../../src/views/alertSummary';
import { buildDashboard, buildStatusAnswer, buildTenantAnswer, type SlackMessage } from '../../src/views/blocks';
import { captureIo } from '../../src/cli/io';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';

/**
 * Every list of connections, on every surface, on the real demo warehouse: the same order and,
 * on each line of a connection with a firing alert, that alert.
 */

type Lines = Map<string, string>;

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let assessment: Assessment;
let tenants: Tenant[];
/** What the CLI printed, by its arguments: each run once. */
const printed = new Map<string, string>();

type Cell = { type: string; text?: string; elements?: Array<{ elements?: Array<{ type: string; text?: string; name?: string; url?: string; fallback?: string }> }> };

/** A table row read as a list line reads: cells joined by " · ", emoji as :name:, links as <url|label>. */
function rowLine(row: Cell[]): string {
  return row
    .map((cell) =>
      cell.type === 'raw_text'
        ? (cell.text ?? '')
        : (cell.elements ?? [])
            .flatMap((section) => section.elements ?? [])
            .map((part) => (part.type === 'emoji' ? `:${part.name}:` : part.type === 'link' ? `<${part.url}|${part.text}>` : part.type === 'date' ? part.fallback : part.text))
            .join(''),
    )
    .join(' · ');
}

/** The connection lines of a Slack message (its list sections and its table's rows), by connection name, in order. */
function slackList(message: SlackMessage): Lines {
  const texts = message.blocks.flatMap((block) =>
    block.type === 'section' && block.text ? block.text.text.split('\n') : block.type === 'table' ? (block.rows as Cell[][]).slice(1).map(rowLine) : [],
  );
  const lines = texts.filter((line) => /^:[a-z_]+: (Broken|Incomplete|Initial sync|Priority first sync|Connected|Paused) · </.test(line));
  return new Map(lines.map((line) => [/\|([^>]*)> · /.exec(line)?.[1] ?? '?', line]));
}

/** The morning dashboard's thread, where its list of connections needing attention is. */
function dashboardDetails(): SlackMessage {
  const { thread } = buildDashboard(assessment);
  return { text: '', blocks: thread.flatMap((reply) => reply.blocks) };
}

function slackStatus(): Lines {
  const first = buildStatusAnswer(assessment, { page: 1 });
  const pages = Number(/Page \d+ of (\d+)/.exec(JSON.stringify(first.blocks))?.[1] ?? 1);
  const all: Lines = new Map();
  for (let page = 1; page <= pages; page += 1) for (const [name, line] of slackList(buildStatusAnswer(assessment, { page }))) all.set(name, line);
  return all;
}

async function runOnce(args: string[]): Promise<void> {
  const io = captureIo();
  const code = await runCli([...args, '--at', DEMO_NOW.toISOString()], { ...io, env: { DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' } });
  if (code !== 0) throw new Error(`npm run cli -- ${args.join(' ')} exited ${code}: ${io.err()}`);
  printed.set(args.join(' '), io.out());
}

const cli = (args: string[]): string => {
  const out = printed.get(args.join(' '));
  if (out === undefined) throw new Error(`npm run cli -- ${args.join(' ')} was not run`);
  return out;
};

/** The rows of the CLI's connection table, by connection name, in order. */
function cliTable(text: string): Lines {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('CONNECTION '));
  const rows = lines.slice(start + 2);
  const end = rows.findIndex((line) => line.trim() === '');
  return new Map(rows.slice(0, end === -1 ? undefined : end).map((row) => [row.split(/\s+/)[0] as string, row]));
}

const alertsOf = (name: string) => assessment.alerts.filter((a) => a.connectionName === name);
const badgeOf = (name: string) => shortAlertSummary(alertsOf(name), DEMO_NOW);
const names = (lines: Lines) => [...lines.keys()];

beforeAll(async () => {
  demo = await makeDemoFile();
  const config = loadConfig({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' });
  const logger = createLogger({ level: 'silent', format: 'json' });
  const warehouse = await openWarehouse(config, logger);
  try {
    const monitor = await startMonitor(config, warehouse, logger, () => DEMO_NOW);
    assessment = (await monitor.judge()).assessment;
    tenants = await monitor.tenants();
  } finally {
    await warehouse.close();
  }
  for (const args of [['status'], ['status', '--json'], ...tenants.map((t) => ['tenant', t.tenantId])]) await runOnce(args);
}, 120_000);
afterAll(() => demo?.remove());

describe('the demo stages what the lists must show', () => {
  it('has connected connections whose syncs are late, slow or erroring', () => {
    const connectedWithAlerts = DEMO_SCENARIOS.filter((s) => s.expectedHealth === 'connected' && s.expectedAlerts.length > 0).flatMap((s) => s.expectedAlerts);
    expect(connectedWithAlerts).toEqual(expect.arrayContaining(['sync_delayed', 'sync_running_long', 'frequent_errors']));
  });
});

describe('every list line of a connection with a firing alert shows that alert', () => {
  const delayed = DEMO_SCENARIOS.find((s) => s.expectedHealth === 'connected' && s.expectedAlerts.includes('sync_delayed'))!.connectionName;
  const noisy = DEMO_SCENARIOS.find((s) => s.expectedHealth === 'connected' && s.expectedAlerts.includes('frequent_errors'))!.connectionName;
  const several = DEMO_SCENARIOS.find((s) => s.expectedAlerts.length > 2)!.connectionName;

  function expectBadges(lines: Lines, surface: string, mark: (severity: 'critical' | 'warning') => string) {
    expect(lines.size).toBeGreaterThan(0);
    for (const [name, line] of lines) {
      const badge = badgeOf(name);
      if (badge) expect({ surface, line }).toEqual({ surface, line: expect.stringContaining(`${mark(badge.severity)}${badge.text}`) });
      else expect({ surface, line }).toEqual({ surface, line: expect.not.stringMatching(/:warning:|:rotating_light:|no success|errors in 24 h|sync failed|running for/) });
    }
  }
  const slackMark = (severity: 'critical' | 'warning') => (severity === 'critical' ? ':rotating_light: ' : ':warning: ');

  it('in /fivetran status, next to "Connected" too', () => {
    const lines = slackStatus();
    expectBadges(lines, 'status', slackMark);
    expect(lines.get(delayed)).toMatch(/^:large_green_circle: Connected · .* · :warning: no success for \d+ h/);
    expect(lines.get(noisy)).toMatch(/^:large_green_circle: Connected · .* · :warning: \d+ errors in 24 h/);
    expect(lines.get(several)).toMatch(/:rotating_light: sync failed \d+ min ago, \+2 more/);
  });

  it('in /fivetran tenant for every tenant', () => {
    for (const tenant of tenants) expectBadges(slackList(buildTenantAnswer(tenant, scopeToTenant(assessment, tenant.tenantId))), `tenant ${tenant.tenantId}`, slackMark);
  });

  it("in the morning dashboard's thread, which lists every connection with an alert", () => {
    const lines = slackList(dashboardDetails());
    expectBadges(lines, 'dashboard', slackMark);
    expect(names(lines)).toEqual(expect.arrayContaining([delayed, noisy, several]));
  });

  it('in the CLI status and tenant tables, in words', () => {
    const status = cliTable(cli(['status']));
    expectBadges(status, 'cli status', () => '');
    expect(status.get(delayed)).toMatch(/\bconnected\s+no success for \d+ h/);
    expect(status.get(noisy)).toMatch(/\bconnected\s+\d+ errors in 24 h/);
    for (const tenant of tenants) expectBadges(cliTable(cli(['tenant', tenant.tenantId])), `cli tenant ${tenant.tenantId}`, () => '');
  });

  it("in the CLI's JSON, as the rules firing on each connection, worst first", () => {
    const body = JSON.parse(cli(['status', '--json'])) as { connections: Array<{ connectionName: string; alerts: string[] }> };
    for (const connection of body.connections) expect(connection.alerts).toEqual(badgeOf(connection.connectionName)?.alerts.map((a) => a.rule) ?? []);
    expect(body.connections.find((c) => c.connectionName === several)?.alerts[0]).toBe('sync_failed');
  });
});

describe('every list orders connections the same way', () => {
  const HEALTH_ORDER = ['broken', 'incomplete', 'initial_sync', 'priority_first_sync', 'connected', 'paused'];

  it('by health, paused last, and with alerts before quiet ones within a health', () => {
    const order = names(slackStatus());
    const byName = new Map(assessment.connections.map((c) => [c.connectionName, c]));
    expect(order).toHaveLength(assessment.connections.length);
    order.slice(1).forEach((name, i) => {
      const before = byName.get(order[i] as string)!;
      const after = byName.get(name)!;
      const rank = HEALTH_ORDER.indexOf(after.health) - HEALTH_ORDER.indexOf(before.health);
      expect({ pair: [before.connectionName, after.connectionName], rank: Math.sign(rank) >= 0 }).toEqual({ pair: [before.connectionName, after.connectionName], rank: true });
      if (rank === 0 && alertsOf(before.connectionName).length === 0) expect({ quietBeforeAlerting: [before.connectionName, after.connectionName], after: alertsOf(name).length }).toMatchObject({ after: 0 });
    });
  });

  it('in Slack status, the CLI status and its JSON; in every tenant view; and in the dashboard', () => {
    const order = names(slackStatus());
    expect(names(cliTable(cli(['status'])))).toEqual(order);
    const json = JSON.parse(cli(['status', '--json'])) as { connections: Array<{ connectionName: string }> };
    expect(json.connections.map((c) => c.connectionName)).toEqual(order);

    for (const tenant of tenants) {
      const own = order.filter((name) => assessment.connections.find((c) => c.connectionName === name)?.tenantId === tenant.tenantId);
      expect({ tenant: tenant.tenantId, slack: names(slackList(buildTenantAnswer(tenant, scopeToTenant(assessment, tenant.tenantId)))) }).toEqual({ tenant: tenant.tenantId, slack: own });
      expect({ tenant: tenant.tenantId, cli: names(cliTable(cli(['tenant', tenant.tenantId]))) }).toEqual({ tenant: tenant.tenantId, cli: own });
    }

    const dashboard = names(slackList(dashboardDetails()));
    expect(dashboard).toEqual(order.filter((name) => dashboard.includes(name)));
  });
});
