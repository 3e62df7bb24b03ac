import type { AlertActionResult } from '../../../src/alerts/alertTarget';
import { buildAlertMessage } from '../../../src/views/blocks/alertMessage';
import { alertActionNotice, buildAlertActionNotice, renderAlertMessage, renderAlertNote } from '../../../src/views/blocks/alertMessages';
import { buildChangeNote, buildReminderNote } from '../../../src/views/blocks/alertThreadNotes';
import { buildGroupedAlertsMessage } from '../../../src/views/blocks/groupedAlertsMessage';
import { NOW, anIncident, hoursAfter } from '../../support/fixtures/assessment';
import { assertWithinSlackLimits } from '../../support/slackLimits';

const nothing = { changed: [], incidents: [], edits: [], notes: [] };
const one = anIncident({ incidentId: 'inc_1' });
const two = anIncident({ incidentId: 'inc_2', fingerprint: 'connection:other', connectionId: 'other', connectionName: 'other' });

describe('alert messages rendered from what the flows return', () => {
  it('renders one incident alone as an alert message, a group as a grouped message', () => {
    expect(renderAlertMessage({ groupId: null, incidents: [one] })).toEqual(buildAlertMessage(one));
    const grouped = renderAlertMessage({ groupId: 'grp_1', incidents: [one, two] });
    expect(grouped).toEqual(buildGroupedAlertsMessage('grp_1', [one, two]));
    expect(grouped.text).toMatch(/^2 incidents firing/);
    assertWithinSlackLimits(grouped, 'grouped');
  });

  it('gives a new post its mention, and shows the same message without it when edited', () => {
    const mention = '<!subteam^S0ONCALL>';
    const posted = renderAlertMessage({ groupId: null, incidents: [one], mention });
    expect(posted.text.startsWith(`${mention} `)).toBe(true);
    expect(JSON.stringify(posted.blocks)).toContain(mention);
    expect(JSON.stringify(renderAlertMessage({ groupId: null, incidents: [one] }))).not.toContain(mention);
    const grouped = renderAlertMessage({ groupId: 'grp_1', incidents: [one, two], mention });
    expect(grouped.text.startsWith(`${mention} `)).toBe(true);
    expect(JSON.stringify(renderAlertMessage({ groupId: 'grp_1', incidents: [one, two] }))).not.toContain(mention);
  });

  it('renders reminders (with their mention) and notes of what changed (never with one)', () => {
    const at = hoursAfter(NOW, 25);
    const resolved = { ...one, status: 'resolved' as const, resolvedAt: at };
    expect(renderAlertNote({ kind: 'reminder', channel: 'C1', threadTs: '1.1', incidents: [one], at, mention: null })).toEqual(buildReminderNote([one], at));
    const reminder = renderAlertNote({ kind: 'reminder', channel: 'C1', threadTs: '1.1', incidents: [one], at, mention: '<@U0ONCALL>' });
    expect(reminder.text.startsWith('<@U0ONCALL> ')).toBe(true);
    const changes = [{ incident: resolved, change: { kind: 'resolved' as const, started: [], cleared: ['sync_failed' as const], resolvedBefore: null } }];
    expect(renderAlertNote({ kind: 'change', channel: 'C1', threadTs: '1.1', changes, at })).toEqual(buildChangeNote(changes, at));
  });

  it('tells whoever pressed what changed, or why nothing did, in words', () => {
    const notice = (result: AlertActionResult) => alertActionNotice(result);
    expect(notice({ action: 'acknowledge', outcome: 'done', ...nothing, changed: ['inc_1'] })).toBe('Acknowledged the alert; no more reminders for it.');
    expect(notice({ action: 'acknowledge', outcome: 'done', ...nothing, changed: ['inc_1', 'inc_2'] })).toBe('Acknowledged 2 alerts; no more reminders for them.');
    expect(notice({ action: 'acknowledge', outcome: 'unchanged', ...nothing, incidents: [{ ...one, status: 'acknowledged', ackedBy: 'U0FIRST', ackedAt: NOW }] })).toMatch(
      /^Already acknowledged by <@U0FIRST>, <!date\^\d+\^/,
    );
    expect(notice({ action: 'acknowledge', outcome: 'unchanged', ...nothing, incidents: [{ ...one, status: 'resolved' }] })).toBe('This alert is already resolved; there is nothing to acknowledge.');
    expect(notice({ action: 'acknowledge', outcome: 'not_found', ...nothing })).toBe('That alert is no longer known to Pulse.');
    expect(notice({ action: 'snooze', outcome: 'done', until: hoursAfter(NOW, 4), ...nothing, changed: ['inc_1'] })).toMatch(/^Snoozed the alert until <!date\^\d+\^/);
    expect(notice({ action: 'snooze', outcome: 'invalid', until: null, ...nothing })).toBe('That snooze length is not available: no dashboard is scheduled ahead.');
    expect(notice({ action: 'snooze', outcome: 'unchanged', until: hoursAfter(NOW, 4), ...nothing })).toBe('This alert is already resolved; there is nothing to snooze.');
    expect(notice({ action: 'resolve', outcome: 'done', ...nothing, changed: ['inc_1', 'inc_2'] })).toBe('Resolved 2 alerts.');
    expect(notice({ action: 'resolve', outcome: 'unchanged', ...nothing })).toBe('This alert was already resolved.');
    expect(buildAlertActionNotice({ action: 'resolve', outcome: 'done', ...nothing, changed: ['inc_1'] })).toEqual({
      response_type: 'ephemeral',
      text: 'Resolved the alert.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Resolved the alert.' } }],
    });
  });
});
