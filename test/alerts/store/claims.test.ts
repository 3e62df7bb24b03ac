import { createAlertStore, postingKey, type AlertStore } from '../../../src/alerts/store';
import type { Incident } from '../../../src/alerts/types';
import { NOW, anIncident } from '../../support/fixtures/assessment';
import type { Warehouse } from '../../../src/warehouse/types';
import { memoryWarehouse } from '../support/warehouse';

const now = new Date(NOW);

function fresh(overrides: Partial<Incident> = {}): Incident {
  return anIncident({ openedAt: NOW, lastSeenAt: NOW, messages: [], ...overrides });
}

describe('alert store on DuckDB: claims on postings', () => {
  let warehouse: Warehouse;
  let store: AlertStore;

  beforeEach(async () => {
    warehouse = memoryWarehouse();
    store = createAlertStore(warehouse, 'pulse_state');
    await store.init();
  });

  afterEach(async () => {
    await warehouse.close();
  });

  describe('claims', () => {
    const claim = (claimToken: string, channel = 'ops') => ({ incidentId: 'inc_1', fingerprint: 'sync_failed:broken_pipe', channel, groupId: null, claimToken });

    beforeEach(async () => {
      await store.insertIncidents([fresh()]);
    });

    it('lets only the first claim on a posting win', async () => {
      expect(await store.claimPostings([claim('clm_first')], [], now)).toEqual(new Set([postingKey('inc_1', 'ops')]));
      expect(await store.claimPostings([claim('clm_second')], [], now)).toEqual(new Set());
      expect(await store.claimPostings([claim('clm_other', 'tenant')], [], now)).toEqual(new Set([postingKey('inc_1', 'tenant')]));
    });

    it('makes a released claim available again, but never a posted one', async () => {
      await store.claimPostings([claim('clm_a')], [], now);
      await store.releaseClaim('clm_a');
      expect((await store.claimPostings([claim('clm_b')], [], now)).size).toBe(1);
      await store.recordPosted('clm_b', { ts: '5.5', channelId: 'C0OPS' }, now);
      await store.releaseClaim('clm_b');
      const [incident] = await store.getIncidents(['inc_1']);
      expect(incident?.messages).toEqual([expect.objectContaining({ channel: 'ops', channelId: 'C0OPS', ts: '5.5', claimToken: 'clm_b', postedAt: NOW })]);
    });

    it('replaces an unconfirmed claim when asked to', async () => {
      await store.claimPostings([claim('clm_lost')], [], now);
      expect((await store.claimPostings([claim('clm_new')], ['clm_lost'], now)).size).toBe(1);
      const [incident] = await store.getIncidents(['inc_1']);
      expect(incident?.messages.map((message) => message.claimToken)).toEqual(['clm_new']);
    });

    it('does not claim postings for an incident that is not open', async () => {
      await store.acknowledge(['inc_1'], 'U1', now);
      expect(await store.claimPostings([claim('clm_x')], [], now)).toEqual(new Set());
    });

    it('resolves a race where two claims were inserted in favour of one of them', async () => {
      // Two runs that both inserted before either read back: the smaller token wins, the other leaves.
      await warehouse.query(
        `INSERT INTO pulse_state.alert_messages (incident_id, fingerprint, channel, grouped, claim_token, claimed_at) VALUES ('inc_1', 'f', 'ops', false, 'clm_0', ?::TIMESTAMP)`,
        [NOW],
      );
      await warehouse.query(
        `INSERT INTO pulse_state.alert_messages (incident_id, fingerprint, channel, grouped, claim_token, claimed_at) VALUES ('inc_1', 'f', 'ops', false, 'clm_9', ?::TIMESTAMP)`,
        [NOW],
      );
      expect(await store.claimPostings([claim('clm_9')], [], now)).toEqual(new Set());
      const [incident] = await store.getIncidents(['inc_1']);
      expect(incident?.messages.map((message) => message.claimToken)).toEqual(['clm_0']);
    });
  });
});
