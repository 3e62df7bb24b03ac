import type { Assessment } from '../../../src/health/types';
import { findConnection } from '../../../src/health/scope';
import { renderStatus, renderTenant } from '../../../src/views/text';
import { stripAnsi } from '../../../src/views/text/format';
import { NOW } from '../../support/platformData';
import { judgeAccount, lineIndex, LONG_ERROR, LONG_REASON, mixedAccount, TENANTS } from './accounts';

let fresh: Assessment;
let stale: Assessment;

beforeAll(async () => {
  fresh = (await judgeAccount(mixedAccount('-5m'))).assessment;
  stale = (await judgeAccount(mixedAccount('-5h'))).assessment;
});

describe('renderStatus: every connection', () => {
  it('says when the monitoring data was loaded, and raises no stale banner on fresh data', () => {
    const text = renderStatus(fresh, { now: NOW });
    expect(text).toContain('Monitoring data loaded 5 min ago (2026-06-15 11:55 UTC).');
    expect(text).not.toContain('STALE');
  });

  it('puts a loud stale banner above everything else when the data is stale', () => {
    expect(stale.stale).toBe(true);
    const text = renderStatus(stale, { now: NOW });
    expect(text).toContain('!! STALE MONITORING DATA: last loaded 5 h ago (2026-06-15 07:00 UTC).');
    expect(text).toContain('no alert does NOT mean healthy');
    expect(lineIndex(text, 'STALE MONITORING DATA')).toBeLessThan(lineIndex(text, 'CONNECTION'));
  });

  it('counts connections by health and alerts by severity', () => {
    const text = renderStatus(fresh, { now: NOW });
    expect(text).toContain('6 connections: 1 broken, 1 initial sync, 3 connected, 1 paused');
    expect(text).toContain('Alerts: 1 critical, 1 warning');
  });

  it('lists connections worst first: by health, those with alerts first within a health, paused last', () => {
    const text = renderStatus(fresh, { now: NOW });
    const order = ['acme_pg ', 'acme_hubspot ', 'globex_salesforce ', 'globex_pg ', 'fivetran_log ', 'umbrella_ads '].map((name) => lineIndex(text, name));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows each connection with its tenant, type, health, alerts in words, last success, last sync and frequency', () => {
    const lines = renderStatus(fresh, { now: NOW }).split('\n');
    const row = (name: string) => lines.find((line) => line.startsWith(`${name} `)) ?? '';
    expect(row('acme_pg')).toMatch(/^acme_pg\s+pg_broken\s+acme\s+postgres\s+broken\s+sync failed 10 min ago\s+1 h 10 min ago\s+failed \(task: reconnect\)\s+1 h$/);
    expect(row('globex_salesforce')).toMatch(/globex\s+salesforce\s+connected\s+no success for 5 h\s+5 h ago\s+succeeded/);
    expect(row('acme_hubspot')).toMatch(/initial sync\s+none in 30 d\s+—\s+1 h 30 min ago\s+1 h$/);
    expect(row('umbrella_ads')).toMatch(/umbrella\s+google_ads\s+paused/);
  });

  it('adds colour only when asked, without changing what is shown', () => {
    const plain = renderStatus(fresh, { now: NOW });
    const colored = renderStatus(fresh, { now: NOW, color: true });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[31m');
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('does not present an empty account as healthy', () => {
    const empty: Assessment = { ...fresh, connections: [], alerts: [] };
    expect(renderStatus(empty, { now: NOW })).toContain('No connections in the monitoring data');
  });
});

describe('renderStatus: one connection', () => {
  it('shows everything known about it, by id or by name', () => {
    const text = renderStatus(fresh, { now: NOW, connectionId: 'pg_broken' });
    expect(renderStatus(fresh, { now: NOW, connectionId: 'ACME_PG' })).toBe(text);
    expect(text).toContain('acme_pg (pg_broken): BROKEN');
    expect(text).toMatch(/Last sync\s+failed \(task: reconnect\), ended 10 min ago/);
    expect(text).toContain('END_OF_REASON'); // the detail view keeps the whole reason
    expect(text).toMatch(/Last success\s+1 h 10 min ago \(2026-06-15 10:50 UTC\)/);
    expect(text).toMatch(/Durations\s+median 10 min, p95 10 min/);
    expect(text).toMatch(/MAR this month\s+1,234,567/);
    expect(text).toContain('https://fivetran.com/dashboard/connections/pg_broken/status');
    expect(text).toMatch(/CRITICAL \(1\)\n\s+- Sync failed/);
    expect(text).toMatch(/10 min ago\s+failed \(task: reconnect\)\s+10 min\s+java\.lang\.RuntimeException/);
    expect(text).toMatch(/12 min ago\s+error\s+authentication_error\s+password authentication failed/);
    expect(text).not.toMatch(/\bSEVERE\b/);
  });

  it('cuts long reasons and errors in its tables', () => {
    const text = renderStatus(fresh, { now: NOW, connectionId: 'pg_broken' });
    const tableLines = text.split('\n').filter((line) => /failed \(task: reconnect\)\s+10 min/.test(line) || /error\s+authentication_error/.test(line));
    expect(tableLines).toHaveLength(2);
    for (const line of tableLines) {
      expect(line.endsWith('…')).toBe(true);
      expect(line.length).toBeLessThan(200);
    }
    expect(LONG_REASON.length).toBeGreaterThan(200);
    expect(LONG_ERROR.length).toBeGreaterThan(200);
  });

  it('lists schema changes newest first', () => {
    const text = renderStatus(fresh, { now: NOW, connectionId: 'pg_ok' });
    expect(lineIndex(text, 'create table globex_pg.invoices')).toBeGreaterThan(0);
    expect(lineIndex(text, 'create table globex_pg.invoices')).toBeLessThan(lineIndex(text, 'alter table add column people'));
  });

  it('answers an unknown connection plainly, with suggestions, instead of an empty report', () => {
    expect(findConnection(fresh.connections, 'nope')).toEqual({ kind: 'unknown', suggestions: [] });
    expect(findConnection(fresh.connections, ' pg_ok ')).toEqual({ kind: 'found', connection: expect.objectContaining({ connectionId: 'pg_ok' }) });
    const text = renderStatus(fresh, { now: NOW, connectionId: 'acme_p' });
    expect(text).toContain('No connection "acme_p" in the monitoring data (6 connections known');
    expect(text).toContain('Did you mean "acme_pg"');
    expect(text).not.toContain('CONNECTION');
    expect(renderStatus(fresh, { now: NOW, connectionId: 'zzzzzzzz' })).toContain('Run the status command without a connection');
  });
});

describe('renderTenant', () => {
  const acme = TENANTS[0] as (typeof TENANTS)[number];

  it("shows the tenant's connections worst first and only its alerts", () => {
    const text = renderTenant(fresh, acme, { now: NOW });
    expect(text).toContain('Tenant Acme Corp (acme), alerts to #acme-alerts');
    expect(text).toContain('2 connections: 1 broken, 1 initial sync');
    expect(lineIndex(text, 'acme_pg ')).toBeLessThan(lineIndex(text, 'acme_hubspot '));
    expect(text).not.toContain('globex');
    expect(text).toContain('Sync failed');
    expect(text).not.toContain('Sync delayed');
    expect(text).not.toContain('FAILURE_WITH_TASK');
    expect(text).toContain('failed (task: reconnect)');
  });

  it('says no alert fires for a healthy tenant only when the data is fresh', () => {
    const globexTenantWithoutAlerts = { ...fresh, alerts: fresh.alerts.filter((a) => a.connectionId !== 'sf_late') };
    const globex = TENANTS[1] as (typeof TENANTS)[number];
    expect(renderTenant(globexTenantWithoutAlerts, globex, { now: NOW })).toContain('No alerts: every connection is within its thresholds.');
    const staleText = renderTenant({ ...stale, alerts: stale.alerts.filter((a) => a.connectionId !== 'sf_late') }, globex, { now: NOW });
    expect(staleText).toContain('STALE MONITORING DATA');
    expect(staleText).not.toContain('No alerts:');
    expect(staleText).toContain('NOT "all healthy"');
  });

  it('explains a tenant no connection belongs to', () => {
    const text = renderTenant(fresh, { tenantId: 'initech', tenantName: 'Initech', alertChannel: null }, { now: NOW });
    expect(text).toContain('No connections belong to tenant initech');
  });
});
