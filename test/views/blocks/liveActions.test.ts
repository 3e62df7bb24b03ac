import { renderAlertMessage } from '../../../src/views/blocks/alertMessages';
import { buildLiveActionAnswer, decodeLiveActionValue, encodeLiveActionValue, liveActionNote, UNKNOWN_OUTCOME } from '../../../src/views/blocks/liveActions';
import { anIncident } from '../../support/fixtures/assessment';
import { assertWithinSlackLimits } from '../../support/slackLimits';
import { elementOf } from '../../support/slackMessages';

const incident = anIncident({ incidentId: `inc_${'a'.repeat(20)}` });
const asStored = (message: ReturnType<typeof renderAlertMessage>) => ({ ...message, type: 'message', ts: '1.1', channel: 'C1', user: 'U0BOT', via: 'web_api' }) as never;

describe('Sync now, Pause and Resume on an alert', () => {
  it('are shown only when Fivetran\'s API is configured', () => {
    const without = asStored(renderAlertMessage({ groupId: null, incidents: [incident] }));
    expect(elementOf(without, 'syncConnection')).toBeUndefined();
    expect(elementOf(without, 'pauseConnection')).toBeUndefined();
    const message = renderAlertMessage({ groupId: null, incidents: [incident], live: { pausedOf: () => false } });
    assertWithinSlackLimits(message, 'alert with live buttons');
    expect(elementOf(asStored(message), 'syncConnection')).toMatchObject({ value: `incident:${incident.incidentId}`, confirm: { deny: { text: 'Cancel' } } });
    expect(elementOf(asStored(message), 'pauseConnection')).toBeDefined();
  });

  it('offer Resume instead of Pause when the connection is paused', () => {
    const message = asStored(renderAlertMessage({ groupId: null, incidents: [incident], live: { pausedOf: () => true } }));
    expect(elementOf(message, 'resumeConnection')).toMatchObject({ confirm: { title: { text: 'Resume this connection?' } } });
    expect(elementOf(message, 'pauseConnection')).toBeUndefined();
  });

  it('carry values Pulse checks, refusing anything else', () => {
    expect(decodeLiveActionValue(encodeLiveActionValue({ kind: 'connection', connectionId: 'spry_kestrel' }))).toEqual({ kind: 'connection', connectionId: 'spry_kestrel' });
    expect(decodeLiveActionValue(encodeLiveActionValue({ kind: 'incident', incidentId: incident.incidentId }))).toEqual({ kind: 'incident', incidentId: incident.incidentId });
    for (const bad of ['incident:inc_1', 'connection:', 'connection:a/b', 'spry_kestrel', 'group:grp_1', 7, null]) expect(decodeLiveActionValue(bad)).toBeNull();
  });

  it('tell each outcome in words, in the thread and to whoever pressed', () => {
    expect(liveActionNote('sync', { kind: 'done' }, 'U0ANA')).toBe(':arrows_counterclockwise: Sync started by <@U0ANA>');
    expect(liveActionNote('pause', { kind: 'unknown' }, 'U0ANA')).toBe('Pause requested by <@U0ANA>: Fivetran did not confirm in time; check the connection before trying again');
    expect(buildLiveActionAnswer('resume', { kind: 'unknown' }, 'hubspot_acme').text).toBe(UNKNOWN_OUTCOME);
    expect(buildLiveActionAnswer('pause', { kind: 'done' }, 'hubspot_acme').text).toBe('Fivetran paused *hubspot_acme*.');
  });
});
