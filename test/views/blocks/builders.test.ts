import { ACTION_IDS, decodeCommandRef, decodeSnoozeValue } from '../../../src/views/blocks/actionIds';
import { buildErrorsAnswer, buildSchemaAnswer, buildSyncsAnswer } from '../../../src/views/blocks/activityAnswers';
import { buildAlertDetails } from '../../../src/views/blocks/alertDetails';
import { buildAlertMessage } from '../../../src/views/blocks/alertMessage';
import { buildAlertsAnswer } from '../../../src/views/blocks/alertsAnswer';
import { buildChangeNote, buildReminderNote } from '../../../src/views/blocks/alertThreadNotes';
import { buildCheckAnswer } from '../../../src/views/blocks/checkAnswer';
import { buildDashboard } from '../../../src/views/blocks/dashboard';
import { buildErrorAnswer } from '../../../src/views/blocks/errorAnswer';
import { closeMatches } from '../../../src/text/closeMatches';
import { buildGroupedAlertsMessage } from '../../../src/views/blocks/groupedAlertsMessage';
import { buildHelpAnswer, buildUsageAnswer } from '../../../src/views/blocks/helpAnswer';
import { SLASH_SUBCOMMANDS, subcommandUsage } from '../../../src/views/slashCommands';
import { buildMarAnswer } from '../../../src/views/blocks/marAnswer';
import { buildConnectionStatusAnswer, buildStatusAnswer } from '../../../src/views/blocks/statusAnswer';
import { buildTenantAnswer } from '../../../src/views/blocks/tenantAnswer';
import type { SlackMessage } from '../../../src/views/blocks/types';
import { buildWatchMessage } from '../../../src/views/blocks/watchMessage';
import {
  HOSTILE, NOW, aBrokenConnection, aCheckReport, aConnection, aSchemaChange, aTenant, anAlert, anAssessment, anError, anIncident, firingFrom, hoursAfter, minutesBefore,
} from '../../support/fixtures/assessment';
import { assertWithinSlackLimits } from '../../support/slackLimits';

type Json = Record<string, any>;

function json(message: SlackMessage): string {
  return JSON.stringify(message.blocks);
}

function elements(message: SlackMessage): Json[] {
  return (message.blocks as Json[]).flatMap((block) => [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]);
}

function actionIds(message: SlackMessage): string[] {
  return elements(message).map((element) => element.action_id).filter(Boolean);
}

function element(message: SlackMessage, actionId: string): Json | undefined {
  return elements(message).find((e) => e.action_id === actionId);
}

function checked<T extends SlackMessage>(message: T, label = 'message'): T {
  assertWithinSlackLimits(message, label);
  return message;
}

describe('alert message', () => {
  it('shows an open alert with severity, rule, a linked connection, the summary and all four buttons', () => {
    const message = checked(buildAlertMessage(anIncident()));
    expect(message.text).toBe('Critical: Sync failed · postgres_globex (tenant globex): The last 3 syncs failed: too many connections for role "x"');
    expect(json(message)).toContain(':rotating_light: Critical');
    expect(json(message)).toContain('<https://fivetran.com/dashboard/connections/broken_pipe/status|postgres_globex>');
    expect(actionIds(message)).toEqual([ACTION_IDS.acknowledgeAlert, ACTION_IDS.snoozeAlert, ACTION_IDS.showAlertDetails, ACTION_IDS.openInFivetran]);
    expect(element(message, ACTION_IDS.acknowledgeAlert)?.value).toBe('inc_1');
    expect(element(message, ACTION_IDS.openInFivetran)?.url).toBe('https://fivetran.com/dashboard/connections/broken_pipe/status');
    const snooze = element(message, ACTION_IDS.snoozeAlert)!;
    expect(snooze.options.map((option: Json) => decodeSnoozeValue(option.value))).toEqual([
      { targetId: 'inc_1', duration: '1h' },
      { targetId: 'inc_1', duration: '4h' },
      { targetId: 'inc_1', duration: '24h' },
      { targetId: 'inc_1', duration: 'dashboard' },
    ]);
    expect(snooze.options.map((option: Json) => option.text.text)).toEqual(['1 hour', '4 hours', '24 hours', "Until tomorrow's dashboard"]);
  });

  it('says who acknowledged and when, in the reader\'s time zone, and drops the Acknowledge button', () => {
    const message = checked(buildAlertMessage(anIncident({ status: 'acknowledged', ackedBy: 'U0ALICE', ackedAt: NOW })));
    expect(json(message)).toContain('Acknowledged by <@U0ALICE>, <!date^1795680000^{date_short_pretty} {time}|2026-11-26 08:00 UTC>');
    expect(actionIds(message)).not.toContain(ACTION_IDS.acknowledgeAlert);
    expect(message.text).toMatch(/\[acknowledged\]$/);
  });

  it('says until when an alert is snoozed', () => {
    const message = checked(buildAlertMessage(anIncident({ status: 'snoozed', snoozedBy: 'U0BOB', snoozedUntil: hoursAfter(NOW, 4) })));
    expect(json(message)).toContain('Snoozed by <@U0BOB> until <!date^1795694400^');
    expect(actionIds(message)).toContain(ACTION_IDS.acknowledgeAlert);
  });

  it('shows a resolved alert as resolved, keeping who acknowledged it, with no lifecycle buttons', () => {
    const message = checked(buildAlertMessage(anIncident({ status: 'resolved', resolvedAt: NOW, ackedBy: 'U0ALICE', ackedAt: minutesBefore(NOW, 10) })));
    expect(json(message)).toContain('*Resolved*');
    expect(json(message)).toContain('acknowledged by <@U0ALICE>');
    expect(actionIds(message)).toEqual([ACTION_IDS.showAlertDetails, ACTION_IDS.openInFivetran]);
  });

  it('shows an alert about the monitoring itself without a Fivetran link', () => {
    const message = checked(buildAlertMessage(anIncident({ rule: 'metadata_stale', connectionId: null, connectionName: null, tenantId: null, fingerprint: 'metadata_stale' })));
    expect(json(message)).toContain('Monitoring data');
    expect(actionIds(message)).not.toContain(ACTION_IDS.openInFivetran);
  });
});

describe('grouped alerts message', () => {
  const incidents = Array.from({ length: 12 }, (_, i) =>
    anIncident({ incidentId: `inc_${i}`, fingerprint: `connection:c${i}`, connectionId: `c${i}`, connectionName: `source_${i}`, severity: i === 11 ? 'critical' : 'warning' }),
  );

  it('lists the incidents critical first, each with its own menu, counts them from one place, and offers group actions', () => {
    const message = checked(buildGroupedAlertsMessage('grp_1', incidents));
    expect(message.text).toMatch(/^12 incidents firing \(1 critical, 11 warning\): source_11, source_0, source_1 and 9 more$/);
    const menus = elements(message).filter((e) => e.action_id === ACTION_IDS.alertMenu);
    expect(menus).toHaveLength(12);
    expect(element(message, ACTION_IDS.showAlertGroup)).toBeUndefined();
    expect(menus[0]!.options.map((o: Json) => o.value)).toEqual(['acknowledge:inc_11', 'snooze_4h:inc_11', 'snooze_dashboard:inc_11', 'details:inc_11', 'open:inc_11']);
    expect(json(message)).toContain('🚨 12 incidents firing');
    expect(json(message)).toContain('*1* critical · *11* warning');
    expect(element(message, ACTION_IDS.acknowledgeGroup)).toMatchObject({ value: 'grp_1', text: { text: 'Acknowledge all 12' } });
    expect(element(message, ACTION_IDS.snoozeGroup)?.options[0].value).toBe('grp_1:1h');
  });

  it('shows when every alert of the group resolved, without group actions', () => {
    const resolved = incidents.map((incident) => ({ ...incident, status: 'resolved' as const, resolvedAt: NOW }));
    const message = checked(buildGroupedAlertsMessage('grp_1', resolved));
    expect(json(message)).toContain('All 12 incidents resolved');
    expect(actionIds(message)).toEqual([]);
  });
});

describe('thread notes', () => {
  it('reminds how long an alert has been firing', () => {
    const note = checked(buildReminderNote([anIncident({ since: minutesBefore(NOW, 25 * 60) })], NOW));
    expect(json(note)).toContain('still firing after 1 d 1 h and nobody has acknowledged it');
  });

  it('reminds about several alerts of a grouped message in one note', () => {
    const note = checked(buildReminderNote([anIncident(), anIncident({ incidentId: 'inc_2', connectionName: 'other' })], NOW));
    expect(note.text).toBe('Reminder: 2 incidents still firing and unacknowledged');
  });

  it('notes a resolution naming the connection and the rules that cleared, with how long it lasted', () => {
    const incident = anIncident({ status: 'resolved', resolvedAt: NOW, since: minutesBefore(NOW, 90) });
    const note = checked(buildChangeNote([{ incident, change: { kind: 'resolved', started: [], cleared: ['sync_failed'], resolvedBefore: null } }], NOW));
    expect(json(note)).toContain('Resolved: <https://fivetran.com/dashboard/connections/broken_pipe/status|postgres_globex> (tenant globex): *Sync failed* cleared after 1 h 30 min');
    expect(note.text).toBe('Resolved: postgres_globex: Sync failed cleared after 1 h 30 min');
  });

  it('notes rules starting and clearing on an open incident, and an incident firing again', () => {
    const incident = anIncident();
    const changed = checked(buildChangeNote([{ incident, change: { kind: 'changed', started: ['frequent_errors'], cleared: ['sync_delayed'], resolvedBefore: null } }], NOW));
    expect(changed.text).toBe('postgres_globex: Frequent errors started firing, Sync delayed cleared; firing now: Sync failed');
    const again = checked(buildChangeNote([{ incident, change: { kind: 'reopened', started: ['sync_failed'], cleared: [], resolvedBefore: minutesBefore(NOW, 20) } }], NOW));
    expect(again.text).toBe('Firing again: postgres_globex: Sync failed (it had cleared 20 min before)');
    const several = checked(buildChangeNote([{ incident, change: { kind: 'resolved', started: [], cleared: ['sync_failed'], resolvedBefore: null } }, { incident: anIncident({ incidentId: 'inc_2', connectionName: 'other' }), change: { kind: 'resolved', started: [], cleared: ['sync_failed'], resolvedBefore: null } }], NOW));
    expect(several.text).toBe('2 incidents in this message changed');
    expect(json(several)).toMatch(/postgres_globex[\s\S]*other/);
  });
});

describe('alert details', () => {
  it('shows the alert facts and the connection\'s recent errors and syncs', () => {
    const incident = anIncident({ details: { status: 'FAILURE_WITH_TASK', reason: 'too many connections', taskType: 'update_credentials', failuresInARow: 3 } });
    const answer = checked(buildAlertDetails(incident, aBrokenConnection()));
    expect(answer.response_type).toBe('ephemeral');
    expect(json(answer)).toContain('FATAL: password authentication failed');
    expect(json(answer)).toContain('Failed (task: reconnect)');
    expect(json(answer)).toContain('Task to fix: update credentials');
    expect(json(answer)).toContain('Failed in a row: 3 syncs');
    expect(json(answer)).not.toMatch(/FAILURE_WITH_TASK|failuresInARow|taskType|\*reason\*/);
    expect(actionIds(answer)).toEqual([ACTION_IDS.openInFivetran, ACTION_IDS.shareInChannel]);
    expect(decodeCommandRef(element(answer, ACTION_IDS.shareInChannel)?.value)).toEqual({ command: 'details', args: ['inc_1'], page: 1 });
  });

  it('still answers when the connection is gone from the data', () => {
    const answer = checked(buildAlertDetails(anIncident(), null));
    expect(json(answer)).toContain('not in the latest monitoring data');
  });
});

describe('dashboard', () => {
  it('sums up on top (connections, incidents, what changed, a table by tenant, a Refresh button) and puts the details in its thread', () => {
    const assessment = anAssessment({
      connections: [
        aConnection({ connectionId: 'fast', connectionName: 'fast_one', medianDurationMinutes: 2 }),
        aConnection({ connectionId: 'slow', connectionName: 'slow_one', medianDurationMinutes: 95, p95DurationMinutes: 130, schemaChanges30d: [aSchemaChange()] }),
        aBrokenConnection(),
      ],
    });
    const { message, thread } = buildDashboard(assessment);
    checked(message);
    thread.forEach((reply) => checked(reply));
    const top = json(message);
    expect(top).toContain('*3 connections* · 1 broken · *1 incident*: :rotating_light: 1 critical');
    expect(top).toContain('1 open, nobody on it yet');
    expect(top).toContain('This is the first dashboard here; 1 incident open: postgres_globex.');
    expect(message.blocks.filter((block) => block.type === 'table')).toHaveLength(1);
    expect(element(message, ACTION_IDS.refreshDashboard)).toBeDefined();
    expect(message.text).toMatch(/^Fivetran Pulse dashboard: 1 incident; 1 broken, 2 connected\. By tenant: /);

    const details = json({ text: '', blocks: thread.flatMap((reply) => reply.blocks) });
    expect(details).toMatch(/\*Needs attention\*[^"]*:red_circle: Broken · <[^>]*\|postgres_globex> · globex · :rotating_light: sync failed 3 h ago/);
    expect(details.indexOf('slow_one')).toBeLessThan(details.indexOf('fast_one'));
    expect(details).toContain('"1 h 35 min"');
    expect(details).toContain('"2 h 10 min"');
    expect(details).toContain('*Recent errors*');
    expect(details).toContain('ADD_COLUMN people.check_in_start');
  });

  it('says all is healthy only when it is', () => {
    const healthy = anAssessment({ connections: [aConnection()], alerts: [] });
    expect(json(checked(buildDashboard(healthy).message))).toContain('All 1 connection healthy');
  });

  it('announces stale monitoring data first and never calls it all healthy', () => {
    const stale = anAssessment({ connections: [aConnection()], alerts: [], stale: true, observedAt: minutesBefore(NOW, 31 * 60) });
    const message = checked(buildDashboard(stale).message);
    expect(json(message)).toContain('*Monitoring data is stale.*');
    expect(json(message)).toContain('1 d 7 h ago');
    expect(json(message)).not.toMatch(/healthy/i);
    expect(message.text).toMatch(/^MONITORING DATA IS STALE\./);
    expect(message.text).not.toMatch(/healthy/i);
  });

  it('says when there is no monitoring data at all', () => {
    const empty = anAssessment({ connections: [], alerts: [], observedAt: null });
    const message = checked(buildDashboard(empty).message);
    expect(json(message)).toContain('No monitoring data yet');
    expect(message.text).not.toMatch(/healthy/i);
  });
});

describe('slash command answers', () => {
  const assessment = anAssessment({
    connections: [aConnection(), aBrokenConnection(), ...Array.from({ length: 45 }, (_, i) => aConnection({ connectionId: `c_${i}`, connectionName: `conn_${String(i).padStart(2, '0')}`, marThisMonth: i * 10 }))],
  });

  it('status lists connections worst first, paged with previous/next, and can be shared', () => {
    const first = checked(buildStatusAnswer(assessment));
    expect(first.response_type).toBe('ephemeral');
    expect(json(first).indexOf('postgres_globex')).toBeLessThan(json(first).indexOf('conn_00'));
    expect(json(first)).toContain('Page 1 of 5');
    expect(actionIds(first)).toEqual([ACTION_IDS.nextPage, ACTION_IDS.shareInChannel]);
    expect(decodeCommandRef(element(first, ACTION_IDS.nextPage)?.value)).toEqual({ command: 'status', args: [], page: 2 });

    const middle = checked(buildStatusAnswer(assessment, { page: 2 }));
    expect(json(middle)).toContain('Page 2 of 5');
    expect(actionIds(middle)).toEqual([ACTION_IDS.previousPage, ACTION_IDS.nextPage, ACTION_IDS.shareInChannel]);
    expect(decodeCommandRef(element(middle, ACTION_IDS.shareInChannel)?.value)).toEqual({ command: 'status', args: [], page: 2 });

    const beyond = checked(buildStatusAnswer(assessment, { page: 99 }));
    expect(json(beyond)).toContain('Page 5 of 5');
    expect(actionIds(beyond)).toEqual([ACTION_IDS.previousPage, ACTION_IDS.shareInChannel]);
  });

  it('shared answers are posted in the channel without a Share button', () => {
    const shared = checked(buildStatusAnswer(assessment, { ephemeral: false }));
    expect(shared.response_type).toBe('in_channel');
    expect(actionIds(shared)).not.toContain(ACTION_IDS.shareInChannel);
  });

  it('status of one connection shows its alerts, errors and syncs, with a Fivetran button', () => {
    const answer = checked(buildConnectionStatusAnswer(aBrokenConnection(), assessment));
    expect(json(answer)).toContain('*Alerts firing*');
    expect(json(answer)).toContain(':red_circle: Broken');
    expect(actionIds(answer)).toEqual([ACTION_IDS.openInFivetran, ACTION_IDS.shareInChannel]);
  });

  it('tenant shows only that tenant\'s connections and alerts', () => {
    const answer = checked(buildTenantAnswer(aTenant({ tenantId: 'globex', tenantName: 'Globex', alertChannel: 'C0GLOBEX' }), assessment));
    expect(json(answer)).toContain('postgres_globex');
    expect(json(answer)).not.toContain('salesforce_acme');
    expect(json(answer)).toContain('<#C0GLOBEX>');
    expect(json(answer)).toContain('*1 alert*');
  });

  it('errors lists errors newest first, for all or for one connection', () => {
    const all = checked(buildErrorsAnswer(assessment));
    expect(json(all).indexOf('password authentication')).toBeLessThan(json(all).indexOf('permission denied'));
    const one = checked(buildErrorsAnswer(assessment, { connection: aConnection() }));
    expect(json(one)).toContain('No errors');
    expect(decodeCommandRef(element(one, ACTION_IDS.shareInChannel)?.value)).toEqual({ command: 'errors', args: ['calendar_elected'], page: 1 });
  });

  it('syncs shows durations slowest first, or one connection\'s recent syncs', () => {
    const all = checked(buildSyncsAnswer(anAssessment({ connections: [aConnection({ connectionId: 'a', connectionName: 'quick', medianDurationMinutes: 1 }), aConnection({ connectionId: 'b', connectionName: 'sluggish', medianDurationMinutes: 300 })] })));
    expect(json(all).indexOf('sluggish')).toBeLessThan(json(all).indexOf('quick'));
    const one = checked(buildSyncsAnswer(assessment, { connection: aBrokenConnection() }));
    // A table row per sync: the outcome in words beside its emoji.
    expect(json(one)).toContain('{"type":"emoji","name":"x"},{"type":"text","text":" Failed (task: reconnect)"}');
    expect(one.blocks.filter((block) => block.type === 'table')).toHaveLength(1);
    expect(json(one)).not.toContain('FAILURE_WITH_TASK');
    expect(json(one)).toContain('too many connections');
  });

  it('status, tenant, syncs and mar show their list as one table within its limits, the text fallback kept', () => {
    const answers: Array<[string, SlackMessage]> = [
      ['status', buildStatusAnswer(assessment)],
      ['tenant', buildTenantAnswer(aTenant({ tenantId: 'acme' }), assessment)],
      ['syncs', buildSyncsAnswer(assessment)],
      ['syncs of one', buildSyncsAnswer(assessment, { connection: aBrokenConnection() })],
      ['mar', buildMarAnswer(assessment, [aTenant({ tenantId: 'acme' })])],
    ];
    for (const [label, answer] of answers) {
      checked(answer);
      const tables = answer.blocks.filter((block) => block.type === 'table') as Array<{ rows: unknown[][] }>;
      expect({ label, tables: tables.length }).toEqual({ label, tables: 1 });
      expect({ label, rows: tables[0]!.rows.length > 1 }).toEqual({ label, rows: true });
      expect(answer.text.length).toBeGreaterThan(0);
    }
  });

  it('schema lists changes newest first', () => {
    const answer = checked(buildSchemaAnswer(anAssessment({ connections: [aConnection({ schemaChanges30d: [aSchemaChange({ summary: 'older', at: minutesBefore(NOW, 900) }), aSchemaChange({ summary: 'newer' })] })] })));
    expect(json(answer).indexOf('newer')).toBeLessThan(json(answer).indexOf('older'));
    expect(checked(buildSchemaAnswer(anAssessment({ connections: [aConnection()] })))).toMatchObject({ text: '0 schema changes in 30 days' });
  });

  it('mar sums by tenant and lists connections largest first', () => {
    const answer = checked(buildMarAnswer(assessment, [aTenant({ tenantId: 'acme', tenantName: 'Acme Corp' })]));
    expect(json(answer)).toContain('*Acme Corp*');
    expect(json(answer)).toContain('November 2026');
    const total = assessment.connections.reduce((sum, c) => sum + c.marThisMonth, 0);
    expect(answer.text).toBe(`${total.toLocaleString('en-US')} monthly active rows this month`);
  });

  it('alerts lists what fires now, nobody-took-it-on first, each with who acknowledged it and where it was posted', () => {
    const acked = anIncident({ incidentId: 'b', fingerprint: 'connection:b', connectionId: 'b', summary: 'acked one', status: 'acknowledged', ackedBy: 'U0ACK', ackedAt: NOW });
    const open = anIncident({ incidentId: 'c', fingerprint: 'connection:c', connectionId: 'c', summary: 'open one' });
    // Resolved by an earlier run and firing again since: no alert run has recorded it yet.
    const again = anIncident({ incidentId: 'a', fingerprint: 'connection:a', connectionId: 'a', summary: 'firing again', status: 'resolved', resolvedAt: NOW });
    const answer = checked(buildAlertsAnswer(firingFrom([acked, open, again]), anAssessment()));
    const text = json(answer);
    expect(text.indexOf('open one')).toBeLessThan(text.indexOf('acked one'));
    expect(text.indexOf('firing again')).toBeLessThan(text.indexOf('acked one'));
    expect(text).toContain('Acknowledged by <@U0ACK>');
    expect(text).toMatch(/Not acknowledged · Posted <!date\^\d+\^[^>]+> in <#C0OPS>/);
    expect(text).toContain('Not posted yet');
    expect(answer.text).toBe('3 alerts firing');
  });

  it('alerts says stale monitoring data first, and never all-clear over it', () => {
    const stale = anAssessment({ stale: true, observedAt: minutesBefore(NOW, 30 * 60), alerts: [] });
    const answer = checked(buildAlertsAnswer({ alerts: [], lifecycleProblem: null }, stale));
    const sections = (answer.blocks as Json[]).filter((block) => block.type === 'section').map((block) => String(block.text.text));
    expect(sections[0]).toMatch(/Monitoring data is stale/);
    expect(json(answer)).not.toContain('No alert is firing');
    expect(answer.text).toMatch(/^Monitoring data is stale/);
  });

  it('check says whether the monitoring data is fresh, and lists problems', () => {
    expect(json(checked(buildCheckAnswer(aCheckReport())))).toContain('Monitoring data is fresh');
    const stale = checked(buildCheckAnswer(aCheckReport({ stale: true, ageMinutes: 1900, problems: ['The Platform connection is paused'] })));
    expect(json(stale)).toContain('Monitoring data is stale');
    expect(json(stale)).toContain('The Platform connection is paused');
    expect(json(checked(buildCheckAnswer(aCheckReport({ observedAt: null, ageMinutes: null, platformConnection: null }))))).toContain('No monitoring data');
  });

  it('watch shows elapsed against the usual duration while running, and the outcome after', () => {
    const base = { connectionId: 'broken_pipe', connectionName: 'postgres_globex', startedAt: minutesBefore(NOW, 30), endedAt: null, now: NOW, expectedMinutes: 60, timeLimitMinutes: 120 };
    const running = checked(buildWatchMessage({ ...base, state: 'running' }));
    expect(json(running)).toContain('50% of the usual 1 h');
    expect(json(running)).toContain('30 min');
    expect(json(running)).toContain('*Stops watching after*\\n2 h');
    expect(json(running)).not.toContain('Time limit');
    // Past the usual time the bar stays full and says so in words, never "672% of the usual time".
    const long = checked(buildWatchMessage({ ...base, state: 'running', startedAt: minutesBefore(NOW, 403) }));
    expect(json(long)).toContain('▓▓▓▓▓▓▓▓▓▓ :hourglass: longer than usual (usually 1 h)');
    expect(json(long)).not.toMatch(/\d+%/);
    const stopped = checked(buildWatchMessage({ ...base, state: 'stopped', stoppedBy: 'U0OPS' }));
    expect(json(stopped)).toContain('Stopped by <@U0OPS>');
    expect(actionIds(stopped)).toEqual([]);
    expect(stopped.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(actionIds(running)).toEqual([ACTION_IDS.stopWatch, ACTION_IDS.openInFivetran]);
    const failed = checked(buildWatchMessage({ ...base, state: 'failed', endedAt: NOW, status: 'FAILURE', reason: 'auth <failed>' }));
    expect(json(failed)).toContain('auth &lt;failed&gt;');
    expect(actionIds(failed)).toEqual([ACTION_IDS.openInFivetran]);
    expect(json(checked(buildWatchMessage({ ...base, state: 'time_limit' })))).toContain('Stopped watching');
    expect(checked(buildWatchMessage({ ...base, state: 'waiting', startedAt: null })).text).toMatch(/waiting for a sync/);
  });

  it('help shows the usage of every subcommand and what was probably meant', () => {
    const help = checked(buildHelpAnswer({ unknown: 'stauts', didYouMean: 'status' }));
    for (const entry of SLASH_SUBCOMMANDS) expect(json(help)).toContain(`/fivetran ${subcommandUsage(entry).replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
    expect(json(help)).toContain('Did you mean `/fivetran status`?');
  });

  it('usage answers say what is missing or extra and the names to pick from, cut when there are many', () => {
    const many = checked(buildUsageAnswer({ name: 'tenant', missing: true, choices: { label: 'Tenants', names: Array.from({ length: 500 }, (_, i) => `t${i}`) } }));
    expect(many.text).toMatch(/^\/fivetran tenant &lt;tenant_id&gt;: which tenant\? Tenants: t0, t1, .*, t29, …and 470 more$/);
    expect(json(many)).toContain("One tenant's connections, alerts and MAR.");
    const extra = checked(buildUsageAnswer({ name: 'alerts', extra: [HOSTILE], maxArgs: 0 }));
    expect(json(extra)).toContain('`/fivetran alerts` takes no arguments: `');
    expect(json(extra)).not.toMatch(/<script>|<!channel>/);
  });

  it('help <command> shows that command only', () => {
    const help = checked(buildHelpAnswer({ topic: 'watch' }));
    expect(json(help)).toContain('`/fivetran watch &lt;connection&gt;`\\nFollow a running sync until it ends.');
    expect(json(help)).not.toContain('/fivetran mar');
  });

  it('errors and refusals answer plainly, with close matches', () => {
    const timeout = checked(buildErrorAnswer({ message: 'The warehouse did not answer in 30 s; try again in a minute.' }));
    expect(timeout.response_type).toBe('ephemeral');
    expect(timeout.text).toBe('The warehouse did not answer in 30 s; try again in a minute.');
    const refusal = checked(buildErrorAnswer({ kind: 'refusal', message: 'This channel only shows tenant acme.' }));
    expect(json(refusal)).toContain(':no_entry:');
    const unknown = checked(buildErrorAnswer({ kind: 'not_found', message: 'No connection called "salesfroce".', suggestions: closeMatches('salesfroce', ['salesforce_acme', 'postgres_globex', 'salesforce_initech']) }));
    expect(json(unknown)).toContain('Did you mean `salesforce_acme`, `salesforce_initech`?');
  });
});


describe('every action id a builder sends is a known one', () => {
  it('uses only ids from ACTION_IDS', () => {
    const known = new Set(Object.values(ACTION_IDS));
    const messages: SlackMessage[] = [
      buildAlertMessage(anIncident()),
      buildGroupedAlertsMessage('g', [anIncident(), anIncident({ incidentId: 'x' })]),
      buildDashboard(anAssessment()).message,
      buildStatusAnswer(anAssessment({ connections: Array.from({ length: 30 }, (_, i) => aConnection({ connectionId: `c${i}` })) }), { page: 2 }),
      buildWatchMessage({ connectionId: 'c', connectionName: 'c', state: 'running', startedAt: NOW, endedAt: null, now: NOW, expectedMinutes: 5, timeLimitMinutes: 60 }),
    ];
    for (const message of messages) for (const id of actionIds(message)) expect(known).toContain(id);
  });
});

it('fixtures used above stay consistent', () => {
  expect(anAlert().fingerprint).toBe('sync_failed:broken_pipe');
  expect(anError().event).toBe('SEVERE');
});
