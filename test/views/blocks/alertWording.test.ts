import { buildAlertMessage, buildGroupedAlertsMessage } from '../../../src/views/blocks';
import { problemOf } from '../../../src/views/blocks/format';
import { anIncident } from '../../support/fixtures/assessment';

const incident = anIncident({
  connectionName: 'hubspot_acme',
  summary: 'hubspot_acme: last sync failed (task to fix: reconnect): OAuth token rejected',
  details: { status: 'FAILURE_WITH_TASK', reason: 'OAuth token rejected', taskType: 'reconnect', failedAt: '2026-11-20T08:42:31.973Z', failuresInARow: 2, thresholdMinutes: 120 },
});

describe('alert wording', () => {
  it('names the connection once: the subject shows it, the problem line does not repeat it', () => {
    expect(problemOf({ summary: incident.rules[0]!.summary, connectionName: incident.connectionName })).toBe('last sync failed (task to fix: reconnect): OAuth token rejected');
    expect(problemOf({ summary: 'Monitoring data is 3 h old', connectionName: null })).toBe('Monitoring data is 3 h old');
    const text = JSON.stringify(buildAlertMessage(incident).blocks);
    expect(text.match(/hubspot_acme/g)?.length).toBe(1); // the subject's link, not the summary again
    expect(JSON.stringify(buildGroupedAlertsMessage('grp_00000000000000000000', [incident, { ...incident, incidentId: 'inc_2' }]).blocks)).not.toContain('hubspot_acme: last sync');
  });

  it('shows facts with words a person reads, dates as Slack date tokens and minutes as durations', () => {
    const text = JSON.stringify(buildAlertMessage(incident).blocks);
    expect(text).toContain('Failed in a row: 2 syncs');
    expect(text).toContain('Task to fix: reconnect');
    expect(text).not.toContain('FAILURE_WITH_TASK');
    expect(text).toContain('Alert after: 2 h');
    expect(text).toMatch(/Failed: <!date\^\d+\^/);
    expect(text).not.toContain('2026-11-20T08:42:31.973Z');
    expect(text).not.toContain('*reason*');
    expect(text).not.toContain('failuresInARow');
  });
});
