import { acknowledgeAlert } from '../../../src/alerts/acknowledgeAlert';
import { resolveAlert } from '../../../src/alerts/resolveAlert';
import { snoozeAlert } from '../../../src/alerts/snoozeAlert';
import { NOW, anAlert, hoursAfter, manyAlerts } from '../../support/fixtures/assessment';
import { countingWarehouse } from '../../support/countingWarehouse';
import { assertParsesAsSnowflake } from '../../support/sqlCheck';
import { startPulse } from '../support/harness';
import { memoryWarehouse } from '../support/warehouse';

const at = (hours: number) => new Date(hoursAfter(NOW, hours));

/**
 * The store's SQL runs on DuckDB in these tests; here every statement a whole lifecycle sends is
 * also parsed as Snowflake SQL, and a run's reads are counted.
 */
describe('alert store SQL', () => {
  it('is Snowflake SQL too, and a run reads its state and its delivery queue in one query each however many alerts fire', async () => {
    const warehouse = countingWarehouse(memoryWarehouse());
    try {
      const pulse = await startPulse(warehouse);
      const storm = manyAlerts(40, { tenantId: 'globex' });
      await pulse.notifier.run([anAlert({ tenantId: 'acme' }), ...storm], at(0));

      const before = warehouse.statements.length;
      await pulse.notifier.run([anAlert({ tenantId: 'acme' }), ...storm], at(1));
      const quietRun = warehouse.statements.slice(before);
      expect(quietRun.filter((s) => s.tag === 'pulse:alerts:load')).toHaveLength(1);
      expect(quietRun.filter((s) => s.tag === 'pulse:alerts:queue-read')).toHaveLength(1);
      expect(quietRun.filter((s) => /^\s*SELECT/i.test(s.sql))).toHaveLength(2);
      // A quiet run writes nothing to the queue.
      expect(quietRun.filter((s) => /alert_deliveries/.test(s.sql) && !/^\s*SELECT/i.test(s.sql))).toEqual([]);

      const [incident] = await pulse.store.loadForRun(at(0));
      await acknowledgeAlert(pulse.store, { target: { incidentId: incident!.incidentId }, userId: 'U1', now: at(2) });
      await snoozeAlert(pulse.store, { target: { incidentId: incident!.incidentId }, userId: 'U1', duration: '1h', now: at(2) });
      await pulse.notifier.run(storm, at(30));
      await resolveAlert(pulse.store, { target: { incidentId: incident!.incidentId }, now: at(31) });
      await pulse.store.listAudit({ incidentId: incident!.incidentId, limit: 5 });
      await pulse.store.listRecent(10);
      await pulse.store.listActive();
      await pulse.store.findByMessage('C1', '1.1');
      await pulse.store.setMonitorState('monitoring_degraded', 'true', at(31));
      await pulse.store.getMonitorState('monitoring_degraded');
      await pulse.store.listPendingDeliveries();
      await pulse.store.dropPostMarks();

      const distinct = [...new Set(warehouse.statements.map((s) => s.sql))];
      expect(distinct.length).toBeGreaterThan(15);
      await assertParsesAsSnowflake(distinct);
    } finally {
      await warehouse.close();
    }
  });
});
