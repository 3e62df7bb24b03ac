import type { DailyMarRead } from '../../src/fivetran/analysis/dailySeries';
import { marByDaySeries, seriesPeriod, SERIES_DAYS, syncDurationSeries } from '../../src/views/series';

const TENANTS = [
  { tenantId: 'acme', tenantName: 'Acme', alertChannel: null },
  { tenantId: 'acme_eu', tenantName: 'Acme EU', alertChannel: null },
];

describe('the series every surface draws', () => {
  it('covers the last 30 whole UTC days for MAR, today included', () => {
    const period = seriesPeriod(new Date('2026-11-20T09:00:00.000Z'));
    expect(period.days).toEqual({ firstDay: '2026-10-22', lastDay: '2026-11-20', days: SERIES_DAYS });
    expect(period.to).toBe('2026-11-20T09:00:00.000Z');
  });

  it("counts a tenant's rows by its connections' names, as everywhere, and every day of the range", () => {
    const read: DailyMarRead = {
      available: true,
      range: { firstDay: '2026-11-18', lastDay: '2026-11-20', days: 3 },
      rows: [
        { day: '2026-11-18', connectionName: 'acme_salesforce', rows: 10 },
        { day: '2026-11-18', connectionName: 'acme_eu_pg', rows: 100 },
        { day: '2026-11-20', connectionName: 'hubspot_acme', rows: 5 },
        { day: '2026-11-20', connectionName: 'acmecorp_ads', rows: 1000 },
      ],
    };
    expect(marByDaySeries(read, TENANTS, { tenantId: 'ACME' })).toEqual([
      { day: '2026-11-18', rows: 10 },
      { day: '2026-11-19', rows: 0 },
      { day: '2026-11-20', rows: 5 },
    ]);
    expect(marByDaySeries(read, TENANTS, null).map((d) => d.rows)).toEqual([110, 0, 1005]);
  });

  it("gives a connection's durations oldest first", () => {
    const syncs = [
      { syncId: 'b', startedAt: '2026-11-20T02:00:00.000Z', endedAt: '2026-11-20T02:05:00.000Z', status: 'SUCCESSFUL', durationSeconds: 300 },
      { syncId: 'a', startedAt: '2026-11-20T01:00:00.000Z', endedAt: '2026-11-20T01:01:00.000Z', status: 'FAILURE', durationSeconds: 60 },
    ];
    expect(syncDurationSeries(syncs).map((s) => s.seconds)).toEqual([60, 300]);
  });
});
