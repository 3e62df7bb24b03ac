import type { Analysis, ApiCallsReport } from '../../../src/fivetran/analysis/types';
import { renderAnalysis, renderApiCalls } from '../../../src/views/text';
import { NOW } from '../../support/platformData';

const period = { from: '2026-06-13T12:00:00.000Z', to: NOW.toISOString() };

function apiCalls(overrides: Partial<ApiCallsReport> = {}): ApiCallsReport {
  return {
    period,
    connectionId: null,
    days: [
      { day: '2026-06-13', apiCalls: 1200, extractQueries: 0, extractSummaries: 0 },
      { day: '2026-06-14', apiCalls: 0, extractQueries: 54, extractSummaries: 3 },
      { day: '2026-06-15', apiCalls: 7, extractQueries: 5, extractSummaries: 1 },
    ],
    byConnection: [
      { connectionId: 'legacy_id', connectionName: 'acme_hubspot', apiCalls: 1207, extractQueries: 0, extractSummaries: 0 },
      { connectionId: 'gone_id', connectionName: null, apiCalls: 0, extractQueries: 59, extractSummaries: 4 },
    ],
    totals: { apiCalls: 1207, extractQueries: 59, extractSummaries: 4 },
    unreadableSummaries: 0,
    extractQueriesCompleteFrom: null,
    ...overrides,
  };
}

function analysis(overrides: Partial<Analysis> = {}): Analysis {
  const days = { firstDay: '2026-06-13', lastDay: '2026-06-15', days: 3 };
  return {
    period,
    previousPeriod: { from: '2026-06-11T12:00:00.000Z', to: period.from },
    mar: {
      available: true,
      period: days,
      previousPeriod: { firstDay: '2026-06-10', lastDay: '2026-06-12', days: 3 },
      total: { rows: 1600, previousRows: 1000, changePercent: 60 },
      byTenant: [
        { tenantId: 'acme', connections: 2, rows: 1500, previousRows: 1000, changePercent: 50 },
        { tenantId: null, connections: 1, rows: 100, previousRows: 0, changePercent: null },
      ],
      byConnection: [
        { connectionId: 'pg', connectionName: 'acme_pg', destinationId: 'd', connectorType: 'postgres', tenantId: 'acme', deleted: false, rows: 1500, previousRows: 1000, changePercent: 50 },
        { connectionId: null, connectionName: 'dropped', destinationId: 'd', connectorType: null, tenantId: null, deleted: false, rows: 100, previousRows: 0, changePercent: null },
        { connectionId: 'old', connectionName: 'acme_old', destinationId: 'd', connectorType: 'mysql', tenantId: 'acme', deleted: true, rows: 0, previousRows: 0, changePercent: null },
      ],
    },
    errors: {
      total: 12,
      truncated: false,
      countedFrom: null,
      types: [
        { type: 'authentication_error', count: 10, connections: 7, connectionNames: ['a', 'b', 'c', 'd', 'e'], firstAt: '2026-06-13T13:00:00.000Z', lastAt: '2026-06-15T09:00:00.000Z', sampleMessage: 'password authentication failed' },
        { type: '(no type)', count: 2, connections: 1, connectionNames: ['a'], firstAt: '2026-06-14T13:00:00.000Z', lastAt: '2026-06-14T13:00:00.000Z', sampleMessage: 'x'.repeat(300) },
      ],
    },
    syncDurations: [
      { connectorType: 'salesforce', connectorTypeName: 'Salesforce', syncs: 40, connections: 2, p50Seconds: 1500, p95Seconds: 5400, maxSeconds: 9000 },
      { connectorType: 'postgres', connectorTypeName: null, syncs: 1000, connections: 9, p50Seconds: 42, p95Seconds: 110, maxSeconds: 600 },
    ],
    apiCalls: apiCalls(),
    ...overrides,
  };
}

describe('renderAnalysis', () => {
  it('shows the period, MAR against the previous period, top errors, durations and API usage', () => {
    const text = renderAnalysis(analysis(), { now: NOW });
    expect(text).toContain('2026-06-13 12:00 UTC to 2026-06-15 12:00 UTC, compared with 2026-06-11 12:00 UTC to 2026-06-13 12:00 UTC');
    expect(text).toContain('Monthly active rows (2026-06-13 to 2026-06-15 against 2026-06-10 to 2026-06-12)');
    expect(text).toMatch(/acme\s+2\s+1,500\s+1,000\s+\+50 %/);
    expect(text).toMatch(/no tenant\s+1\s+100\s+0\s+new/);
    expect(text).toMatch(/TOTAL\s+3\s+1,600\s+1,000\s+\+60 %/);
    expect(text).toMatch(/dropped \(no connection\)\s+—\s+—\s+100/);
    expect(text).toMatch(/acme_old \(deleted\)\s+acme\s+mysql\s+0\s+0\s+—/);
    expect(text).toMatch(/authentication_error\s+10\s+7: a, b, c, d, e, …\s+3 h ago\s+password authentication failed/);
    expect(text).not.toContain('x'.repeat(100));
    expect(text).toMatch(/Salesforce \(salesforce\)\s+40\s+2\s+25 min\s+1 h 30 min\s+2 h 30 min/);
    expect(text).toMatch(/postgres\s+1,000\s+9\s+42 s\s+2 min\s+10 min/);
    expect(text).toMatch(/2026-06-13\s+1,200\s+0\s+0/);
    expect(text).toMatch(/\(not in the connection table\)\s+gone_id\s+0\s+59/);
  });

  it('says what is missing or incomplete instead of showing zeros as facts', () => {
    const text = renderAnalysis(
      analysis({
        mar: { ...analysis().mar, available: false, byConnection: [], byTenant: [] },
        errors: { ...analysis().errors, truncated: true, countedFrom: '2026-06-14T12:00:00.000Z' },
        syncDurations: [],
      }),
      { now: NOW },
    );
    expect(text).toContain('Not available: the schema has no INCREMENTAL_MAR table.');
    expect(text).toContain('counts cover only those from 1 d ago on');
    expect(text).toContain('No successful sync both started and ended in the period.');
  });

  it('says there were no errors in the period', () => {
    expect(renderAnalysis(analysis({ errors: { total: 0, types: [], truncated: false, countedFrom: null } }), { now: NOW })).toContain('No errors in the period.');
  });
});

describe('renderApiCalls', () => {
  it('lists every day with API calls and extract queries, and a total', () => {
    const text = renderApiCalls(apiCalls(), { now: NOW });
    expect(text).toContain('API calls and extract queries, all connections');
    expect(text).toMatch(/2026-06-14\s+0\s+54\s+3/);
    expect(text).toMatch(/TOTAL\s+1,207\s+59\s+4/);
    expect(text).toMatch(/acme_hubspot\s+legacy_id\s+1,207\s+0/);
  });

  it('names the connection asked about and leaves out the per-connection table', () => {
    const text = renderApiCalls(apiCalls({ connectionId: 'legacy_id' }), { now: NOW });
    expect(text).toContain('API calls and extract queries, connection legacy_id');
    expect(text).not.toContain('By connection');
  });

  it('reports unreadable summaries and a truncated read', () => {
    const text = renderApiCalls(apiCalls({ unreadableSummaries: 3, extractQueriesCompleteFrom: '2026-06-14T06:00:00.000Z' }), { now: NOW });
    expect(text).toContain('3 extract_summary event(s) had no readable query count');
    expect(text).toContain('query counts are complete only from 2026-06-14 06:00 UTC; earlier days read low');
  });

  it('says when the period has no such events', () => {
    const none = apiCalls({ days: [], byConnection: [], totals: { apiCalls: 0, extractQueries: 0, extractSummaries: 0 } });
    expect(renderApiCalls(none, { now: NOW })).toContain('No api_call or extract_summary events in the period.');
  });
});
