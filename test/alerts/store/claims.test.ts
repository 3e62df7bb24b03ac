import { postingKey } from '../../../src/alerts/store';
import type { Incident } from '../../../src/alerts/types';
import { NOW, anIncident } from '../../support/fixtures/assessment';
import { freshStoreForEachTest } from '../support/warehouse';

const now = new Date(NOW);

function fresh(overrides: Partial<Incident> = {}): Incident {
  return anIncident({ openedAt: NOW, lastSeenAt: NOW, messages: [], ...overrides });
}

describe('alert store on DuckDB: claims on postings', () => {
  const state = freshStoreForEachTest();

  describe('claims', () => {
    const claim = (claimToken: string, channel = 'ops') => ({ incidentId: 'inc_1', fingerprint: 'sync_failed:broken_pipe', channel, groupId: null, claimToken });

    beforeEach(async () => {
      await state.store.insertIncidents([fresh()]);
    });

    it('lets only the first claim on a posting win', async () => {
      expect(await state.store.claimPostings([claim('clm_first')], [], now)).toEqual(new Set([postingKey('inc_1', 'ops')]));
      expect(await state.store.claimPostings([claim('clm_second')], [], now)).toEqual(new Set());
      expect(await state.store.claimPostings([claim('clm_other', 'tenant')], [], now)).toEqual(new Set([postingKey('inc_1', 'tenant')]));
    });

    it('makes a released claim available again, but never a posted one', async () => {
      await state.store.claimPostings([claim('clm_a')], [], now);
      await state.store.releaseClaim('clm_a');
      expect((await state.store.claimPostings([claim('clm_b')], [], now)).size).toBe(1);
      await state.store.recordPosted('clm_b', { ts: '5.5', channelId: 'C0OPS' }, now);
      await state.store.releaseClaim('clm_b');
      const [incident] = await state.store.getIncidents(['inc_1']);
      expect(incident?.messages).toEqual([expect.objectContaining({ channel: 'ops', channelId: 'C0OPS', ts: '5.5', claimToken: 'clm_b', postedAt: NOW })]);
    });

    it('replaces an unconfirmed claim when asked to', async () => {
      await state.store.claimPostings([claim('clm_lost')], [], now);
      expect((await state.store.claimPostings([claim('clm_new')], ['clm_lost'], now)).size).toBe(1);
      const [incident] = await state.store.getIncidents(['inc_1']);
      expect(incident?.messages.map((message) => message.claimToken)).toEqual(['clm_new']);
    });

    it('does not claim postings for an incident that is not open', async () => {
      await state.store.acknowledge(['inc_1'], 'U1', now);
      expect(await state.store.claimPostings([claim('clm_x')], [], now)).toEqual(new Set());
    });

    it('resolves a race where two claims were inserted in favour of one of them', async () => {
      // Two runs that both inserted before either read back: the smaller token wins, the other leaves.
      await state.warehouse.query(
        `INSERT INTO pulse_state.alert_messages (incident_id, fingerprint, channel, grouped, claim_token, claimed_at) VALUES ('inc_1', 'f', 'ops', false, 'clm_0', ?::TIMESTAMP)`,
        [NOW],
      );
      await state.warehouse.query(
        `INSERT INTO pulse_state.alert_messages (incident_id, fingerprint, channel, grouped, claim_token, claimed_at) VALUES ('inc_1', 'f', 'ops', false, 'clm_9', ?::TIMESTAMP)`,
        [NOW],
      );
      expect(await state.store.claimPostings([claim('clm_9')], [], now)).toEqual(new Set());
      const [incident] = await state.store.getIncidents(['inc_1']);
      expect(incident?.messages.map((message) => message.claimToken)).toEqual(['clm_0']);
    });
  });
});
