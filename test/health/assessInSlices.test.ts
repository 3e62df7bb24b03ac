import { EMPTY_RULES } from '../../src/config/loadAlertRules';
import { readSnapshot } from '../../src/fivetran/readSnapshot';
import { assess, assessInSlices } from '../../src/health/assess';
import { turnsDuring } from '../support/eventLoopTurns';
import { at, NOW, PlatformData } from '../support/platformData';

describe('assessInSlices', () => {
  it('judges a snapshot as assess does, a slice of connections at a time with turns of the event loop between', async () => {
    const data = new PlatformData().platform(60).history('platform_log', 2, 60, 2).loadedAt('-0m');
    for (let i = 0; i < 30; i += 1) {
      const id = `acme_c${i}`;
      data.connection({ id, name: id, paused: i % 10 === 9 });
      if (i % 3 === 0) data.history(id, 4, 60, 5);
      else if (i % 3 === 1) data.sync(id, at('-5h'), at('-4h'), 'FAILURE_WITH_TASK').error(id, '-4h', 'sync_failed', 'the source refused the credentials');
      else data.history(id, 3, 60, 5, '-30h');
    }
    const tenants = [{ tenantId: 'acme', tenantName: 'Acme', alertChannel: null }];
    const warehouse = await data.open();
    try {
      const snapshot = await readSnapshot(warehouse, data.schemaNaming, { at: NOW });
      const whole = assess(snapshot, tenants, EMPTY_RULES, NOW);
      const { result, turns } = await turnsDuring(() => assessInSlices(snapshot, tenants, EMPTY_RULES, NOW, undefined, 3));
      expect(result).toEqual(whole);
      expect(new Set(whole.alerts.map((a) => a.rule))).toEqual(new Set(['sync_failed', 'sync_delayed']));
      expect(whole.connections.filter((c) => c.tenantId === 'acme')).toHaveLength(30);
      expect(turns).toBeGreaterThanOrEqual(9);
    } finally {
      await warehouse.close();
    }
  });
});
