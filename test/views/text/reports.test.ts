import { withLifecycle } from '../../../src/alerts/firingAlerts';
import type { FiringNow } from '../../../src/alerts/readFiringAlerts';
import type { Assessment, CheckReport } from '../../../src/health/types';
import { renderAlerts, renderCheck, renderErrors, renderMar, renderSchemaChanges, renderStatus, renderSyncs, renderTenant } from '../../../src/views/text';
import { NOW } from '../../support/platformData';
import { healthyAccount, judgeAccount, lineIndex, LONG_ERROR, mixedAccount, TENANTS } from './accounts';

/** Before any alert run: what fires, with no lifecycle yet. */
const firingNow = (a: Assessment): FiringNow => ({ alerts: withLifecycle(a.alerts, [], new Date(a.evaluatedAt)), lifecycleProblem: null });

let fresh: Assessment;
let stale: Assessment;
let healthy: Assessment;

beforeAll(async () => {
  [fresh, stale, healthy] = await Promise.all([
    judgeAccount(mixedAccount('-5m')).then((j) => j.assessment),
    judgeAccount(mixedAccount('-5h')).then((j) => j.assessment),
    judgeAccount(healthyAccount()).then((j) => j.assessment),
  ]);
});

describe('every report of the monitoring data', () => {
  const reports: Array<[string, (a: Assessment) => string]> = [
    ['status', (a) => renderStatus(a, { now: NOW })],
    ['status of one connection', (a) => renderStatus(a, { now: NOW, connectionId: 'pg_ok' })],
    ['tenant', (a) => renderTenant(a, TENANTS[1] as (typeof TENANTS)[number], { now: NOW })],
    ['alerts', (a) => renderAlerts(a, firingNow(a), { now: NOW })],
    ['errors', (a) => renderErrors(a, { now: NOW })],
    ['syncs', (a) => renderSyncs(a, { now: NOW })],
    ['schema changes', (a) => renderSchemaChanges(a, { now: NOW })],
    ['mar', (a) => renderMar(a, { now: NOW })],
  ];

  it.each(reports)('%s carries the stale banner on stale data, and only then', (_name, render) => {
    expect(render(stale)).toContain('STALE MONITORING DATA');
    expect(render(fresh)).not.toContain('STALE');
    expect(render(fresh)).toContain('Monitoring data loaded 5 min ago');
  });

  it.each(reports)('%s says plainly when there is no monitoring data at all', (_name, render) => {
    const none: Assessment = { ...stale, observedAt: null };
    expect(render(none)).toContain('No monitoring data loaded');
    expect(render(none)).toContain('no monitoring data has been loaded');
  });
});

describe('renderAlerts', () => {
  it('groups alerts by severity, critical first, each with its summary, tenant and since', () => {
    const text = renderAlerts(fresh, firingNow(fresh), { now: NOW });
    expect(text).toContain('Alerts: 2 firing (1 critical, 1 warning)');
    expect(lineIndex(text, 'CRITICAL (1)')).toBeLessThan(lineIndex(text, '- Sync failed'));
    expect(lineIndex(text, '- Sync failed')).toBeLessThan(lineIndex(text, 'WARNING (1)'));
    expect(lineIndex(text, 'WARNING (1)')).toBeLessThan(lineIndex(text, '- Sync delayed'));
    expect(text).toMatch(/Sync failed\s+acme_pg: last sync failed \(task to fix: reconnect\).* — tenant acme, since 11:50 UTC \(10 min ago\)/);
    expect(text).toMatch(/Sync delayed\s+globex_salesforce: no successful sync for .* — tenant globex, since 07:00 UTC \(5 h ago\)/);
  });

  it('says "No alerts" when the data is fresh and nothing fires', () => {
    expect(healthy.alerts).toEqual([]);
    expect(renderAlerts(healthy, firingNow(healthy), { now: NOW })).toContain('No alerts: every connection is within its thresholds.');
  });

  it('never says "No alerts" on stale data, even when the stale rule itself is disabled', async () => {
    const staleHealthy = (await judgeAccount(healthyAccount().loadedAt('-5h'), { defaults: { disabled: ['metadata_stale'] }, tenants: {}, connections: {} })).assessment;
    expect(staleHealthy).toMatchObject({ stale: true, alerts: [] });
    const text = renderAlerts(staleHealthy, firingNow(staleHealthy), { now: NOW });
    expect(text).not.toContain('No alerts:');
    expect(text).toContain('STALE MONITORING DATA');
    expect(text).toContain('this is NOT "all healthy"');
  });

  it('lists the stale data itself as a critical alert', () => {
    const text = renderAlerts(stale, firingNow(stale), { now: NOW });
    expect(text).toMatch(/CRITICAL \(2\)\n\s+- Monitoring data stale\s+Monitoring data is 5 h old/);
  });
});

describe('renderErrors', () => {
  it('lists the newest errors and warnings of every connection, messages cut to fit a line', () => {
    const text = renderErrors(fresh, { now: NOW });
    expect(text).toMatch(/acme_pg\s+acme\s+1\s+0\s+0\n/);
    expect(lineIndex(text, 'authentication_error')).toBeLessThan(lineIndex(text, 'table_excluded_by_system'));
    const errorLine = text.split('\n').find((line) => line.includes('authentication_error')) ?? '';
    expect(errorLine).toMatch(/^12 min ago\s+acme_pg\s+error\s+authentication_error\s+password authentication failed/);
    expect(errorLine.endsWith('…')).toBe(true);
    expect(text).not.toContain('END_OF_ERROR');
    // Fivetran's level names are data (--json); people read "error" and "warning".
    expect(text).not.toMatch(/\b(SEVERE|WARNING)\b/);
  });

  it('shows one connection in full, and answers an unknown one', () => {
    const text = renderErrors(fresh, { now: NOW, connectionId: 'pg_broken' });
    expect(text).toContain('END_OF_ERROR');
    expect(text.replace(/\s+/g, ' ')).toContain(LONG_ERROR.replace(/\s+/g, ' '));
    expect(renderErrors(fresh, { now: NOW, connectionId: 'nope' })).toContain('No connection "nope"');
  });

  it('does not claim "no errors" for certain on stale data', () => {
    const quiet = { ...healthy, stale: true };
    expect(renderErrors(healthy, { now: NOW })).toContain('No errors or warnings in the last 30 days.');
    expect(renderErrors(quiet, { now: NOW })).toContain('but it is stale: newer ones may exist');
  });
});

describe('renderSyncs', () => {
  it('summarises recent syncs per connection, with durations, a status history and what is running', () => {
    const text = renderSyncs(fresh, { now: NOW });
    expect(text).toContain('1 sync running now.');
    expect(text).toMatch(/acme_pg\s+acme\s+failed \(task: reconnect\)\s+20 min ago\s+10 min\s+10 min\s+10 min\s+FSSS/);
    expect(text).toMatch(/acme_hubspot\s+acme\s+—\s+—\s+—\s+—\s+—\s+1 h 30 min ago/);
    expect(lineIndex(text, 'acme_pg ')).toBeLessThan(lineIndex(text, 'globex_pg '));
  });

  it("shows one connection's syncs with start, end, duration and status", () => {
    const text = renderSyncs(fresh, { now: NOW, connectionId: 'pg_ok' });
    expect(text).toContain('Durations of recent syncs: median 5 min, p95 5 min.');
    expect(text).toMatch(/2026-06-15 11:45 UTC\s+10 min ago\s+5 min\s+succeeded/);
    expect(text.split('\n').filter((line) => /succeeded$/.test(line))).toHaveLength(4);
    expect(renderSyncs(fresh, { now: NOW, connectionId: 'hub_new' })).toContain('A sync is running, started 1 h 30 min ago');
    expect(renderSyncs(fresh, { now: NOW, connectionId: 'nope' })).toContain('No connection "nope"');
  });
});

describe('renderSchemaChanges', () => {
  it('lists changes newest first with their connection and tenant', () => {
    const text = renderSchemaChanges(fresh, { now: NOW });
    expect(text).toMatch(/1 d ago\s+globex_pg\s+globex\s+create table globex_pg\.invoices/);
    expect(lineIndex(text, 'create table')).toBeLessThan(lineIndex(text, 'alter table add column people'));
  });

  it('says there were none, with the stale caveat when it applies', () => {
    expect(renderSchemaChanges(healthy, { now: NOW })).toContain('No schema changes in the last 30 days.');
    expect(renderSchemaChanges({ ...healthy, stale: true }, { now: NOW })).toContain('newer ones may exist');
  });
});

describe('renderMar', () => {
  it('totals this month by tenant, largest first, then by connection, with a grand total', () => {
    const text = renderMar(fresh, { now: NOW });
    expect(text).toContain('Monthly active rows, June 2026 to date (UTC)');
    const lines = text.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.startsWith(s));
    expect(lines[at('tenant acme')]).toMatch(/1,235,567\s+75\.5 %$/);
    expect(lines[at('  acme_pg')]).toMatch(/postgres\s+1,234,567\s+75\.5 %$/);
    expect(lines[at('tenant globex')]).toMatch(/400,000\s+24\.5 %$/);
    expect(lines[at('TOTAL')]).toMatch(/1,635,567\s+100 %$/);
    expect(at('tenant acme')).toBeLessThan(at('  acme_pg'));
    expect(at('  acme_pg')).toBeLessThan(at('  acme_hubspot'));
    expect(at('  acme_hubspot')).toBeLessThan(at('tenant globex'));
    expect(text).toContain('3 connections with no MAR this month not shown.');
  });

  it('says when no MAR is recorded', () => {
    expect(renderMar(healthy, { now: NOW })).toContain('No MAR recorded this month for any of the 2 connections.');
  });
});

describe('renderCheck', () => {
  const base: CheckReport = {
    observedAt: '2026-06-15T11:48:00.000Z',
    evaluatedAt: NOW.toISOString(),
    ageMinutes: 12,
    staleAfterMinutes: 120,
    stale: false,
    platformConnection: { connectionId: 'platform_log', connectionName: 'fivetran_log', health: 'connected', paused: false, syncFrequencyMinutes: 60, lastSuccessfulSyncAt: '2026-06-15T11:45:00.000Z' },
    quickstart: { deployed: true, schema: 'ANALYTICS.FIVETRAN_PLATFORM', models: ['fivetran_platform__connection_status'], freshestAt: '2026-06-15T06:00:00.000Z' },
    tenants: { count: 4, missingColumns: [] },
    problems: [],
  };

  it('says OK with the age, the Platform connection and the Quickstart model', () => {
    const text = renderCheck(base, { now: NOW });
    expect(text).toContain('OK: the monitoring data is fresh');
    expect(text).toMatch(/Data loaded\s+12 min ago \(2026-06-15 11:48 UTC\)/);
    expect(text).toMatch(/Age\s+12 min \(stale after 2 h\)/);
    expect(text).toMatch(/Platform connection\s+fivetran_log \(platform_log\), connected, every 1 h, last success 15 min ago/);
    expect(text).toMatch(/Quickstart model\s+deployed in ANALYTICS\.FIVETRAN_PLATFORM \(1 model, newest data 6 h ago/);
    expect(text).toContain('No problems found.');
  });

  it('leads with STALE and lists the problems worst first', () => {
    const text = renderCheck(
      { ...base, stale: true, ageMinutes: 300, platformConnection: null, quickstart: { deployed: false, schema: null, models: [], freshestAt: null }, problems: ['Monitoring data is 5 h old', 'The Platform connection was not found'] },
      { now: NOW },
    );
    expect(text.split('\n')[1]).toContain('STALE');
    expect(text).not.toContain('No problems found');
    expect(text).toMatch(/1\. Monitoring data is 5 h old\n\s+2\. The Platform connection was not found/);
    expect(text).toMatch(/Platform connection\s+not found/);
    expect(text).toMatch(/Quickstart model\s+not deployed/);
  });

  it('never reads as OK without any monitoring data', () => {
    const text = renderCheck({ ...base, observedAt: null, ageMinutes: null, stale: true, problems: [] }, { now: NOW });
    expect(text).toContain('STALE');
    expect(text).toMatch(/Data loaded\s+never/);
    expect(text).toContain('1. The monitoring data is stale.');
  });
});
