import { loadConfig } from '../../../src/config/loadConfig';
import { readMarLastMonth, sameDaysLastMonth } from '../../../src/fivetran/analysis/readMarLastMonth';
import { startMonitor } from '../../../src/jobs/monitor';
import { openWarehouse } from '../../../src/jobs/openWarehouse';
import { createLogger } from '../../../src/log/logger';
import { buildDashboard } from '../../../src/views/blocks';
import { DEMO_NOW, makeDemoFile } from '../../support/demoFile';

describe('the same days of last month', () => {
  it('run from its 1st to the same day, or to its end when it is shorter', () => {
    expect(sameDaysLastMonth(new Date('2026-11-20T09:00:00Z'))).toEqual({ firstDay: '2026-10-01', lastDay: '2026-10-20' });
    expect(sameDaysLastMonth(new Date('2026-03-31T23:00:00Z'))).toEqual({ firstDay: '2026-02-01', lastDay: '2026-02-28' });
    expect(sameDaysLastMonth(new Date('2026-01-15T00:00:00Z'))).toEqual({ firstDay: '2025-12-01', lastDay: '2025-12-15' });
  });
});

describe("last month's MAR on the demo warehouse", () => {
  it('sums INCREMENTAL_MAR over those days by connection, and the dashboard compares each tenant with it', async () => {
    const demo = await makeDemoFile({ days: 60 });
    const config = loadConfig({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' });
    const warehouse = await openWarehouse(config, createLogger({ level: 'silent', format: 'json' }));
    try {
      const monitor = await startMonitor(config, warehouse, createLogger({ level: 'silent', format: 'json' }), () => DEMO_NOW);
      const byConnection = await readMarLastMonth(warehouse, monitor.naming, DEMO_NOW);
      const [expected] = await warehouse.query(
        `SELECT SUM(incremental_rows) AS total FROM ${monitor.naming.schema}.INCREMENTAL_MAR WHERE measured_date >= '2026-10-01'::DATE AND measured_date <= '2026-10-20'::DATE`,
        [],
        { tag: 'test:mar' },
      );
      const total = [...byConnection!.values()].reduce((sum, rows) => sum + rows, 0);
      expect(total).toBeGreaterThan(0);
      expect(total).toBe(Number(expected!.total));

      const { assessment } = await monitor.judge(DEMO_NOW);
      const tenants = await monitor.tenants();
      const { message } = buildDashboard(assessment, { tenants, marLastMonth: byConnection });
      const table = message.blocks.find((block) => block.type === 'table') as { rows: Array<Array<{ text?: string }>> };
      const changes = table.rows.slice(1).map((row) => row[6]?.text ?? '');
      expect(changes.some((change) => /^[+−]\d+ %$|^±0 %$/.test(change))).toBe(true);
      // Each tenant's change is its own connections' MAR against theirs last month.
      const acme = assessment.connections.filter((c) => c.tenantId === 'acme');
      const now = acme.reduce((sum, c) => sum + c.marThisMonth, 0);
      const before = acme.reduce((sum, c) => sum + (byConnection!.get(c.connectionId) ?? 0), 0);
      const name = tenants.find((t) => t.tenantId === 'acme')?.tenantName ?? 'acme';
      const row = table.rows.find((r) => r[0]?.text === name)!;
      const percent = Math.round(((now - before) / before) * 100);
      expect(row[6]?.text).toBe(percent === 0 ? '±0 %' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)} %`);
    } finally {
      await warehouse.close();
      demo.remove();
    }
  }, 120_000);
});
