import { withLifecycle } from '../../src/alerts/firingAlerts';
import { incidentKeyOf } from '../../src/alerts/incidents';
import { newIncident } from '../../src/alerts/planAlertRun';
import type { IncidentChange } from '../../src/alerts/messages';
import type { FiringNow } from '../../src/alerts/readFiringAlerts';
import type { Incident } from '../../src/alerts/types';
import { loadConfig } from '../../src/config/loadConfig';
import type { Alert, Assessment } from '../../src/health/types';
import { createLogger } from '../../src/log/logger';
import { startMonitor } from '../../src/jobs/monitor';
import { openWarehouse } from '../../src/jobs/openWarehouse';
import {
  buildAlertDetails,
  buildAlertMessage,
  buildAlertsAnswer,
  buildConnectionStatusAnswer,
  buildGroupedAlertsMessage,
  buildAlertGroupList,
  buildChangeNote,
  buildReminderNote,
  buildStatusAnswer,
  buildSyncsAnswer,
  buildWatchMessage,
  type SlackMessage,
} from '../../src/views/blocks';
import { SLACK_FACT_FORMAT } from '../../src/views/blocks/alertMessage';
import { renderAlerts, renderStatus, renderSyncs } from '../../src/views/text';
import { formatClock, oneLine } from '../../src/views/text/format';
import { alertFacts, type FactFormat } from '../../src/views/vocabulary/alertFacts';
import { LiveState } from '../../src/live/liveState';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { aLiveConnection, aWebhookEvent } from '../support/liveFixtures';

/**
 * What a person reads has words and units: no internal field names, no raw enum values, no bare
 * numbers; those belong in --json. Every alert rule of the demo is rendered on every surface that
 * shows alerts and their connections, and the text is scanned.
 */

const RAW_STATUS = /\b(SUCCESSFUL|FAILURE_WITH_TASK|FAILURE|RESCHEDULED|CANCELL?ED)\b/;
const RULE_ID = /\b(sync_failed|sync_delayed|sync_running_long|frequent_errors|metadata_stale|setup_broken|action_required)\b/;
/** Fivetran's API's own states, which read as words too. */
const RAW_LIVE_STATE = /\b(on_schedule|FAILURE_WITH_TASK)\b|\b(setup_state|update_state|sync_state)\b/;
const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z]*\b/;
const UPPER_SNAKE = /\b[A-Z]+(_[A-Z]+)+\b/;
const SNAKE_CASE = /\b[a-z]+(_[a-z0-9]+)+\b/;
/** A Slack time with no day beside it: "8:41 PM" from yesterday must not pass for today. */
const TIME_WITHOUT_DAY = /<!date\^\d+\^\{time\}/;
const UNITS = /^(min|h|d|days?|s|%|errors?|syncs?|alerts?)\b/;

const TEXT_AT = (now: Date): FactFormat => ({ instant: (iso) => formatClock(iso, now), text: (raw) => oneLine(raw, 120) });

/** Numbers in a text that no unit follows, once dates and times are taken out. */
function bareNumbers(text: string): string[] {
  const withoutTimes = text
    .replace(/<!date\^[^>]*>/g, '')
    .replace(/\b\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?( UTC)?/g, '')
    .replace(/\b\d{2}:\d{2} UTC\b/g, '');
  const bare: string[] = [];
  for (const match of withoutTimes.matchAll(/\d[\d,.]*/g)) {
    const after = withoutTimes.slice((match.index ?? 0) + match[0].length).trimStart();
    if (!UNITS.test(after)) bare.push(`${match[0]} ${after.slice(0, 20)}`);
  }
  return bare;
}

/** Everything a Slack client shows of a message: its blocks' texts and the notification text. */
function shown(message: SlackMessage): string {
  const texts: string[] = [String(message.text ?? '')];
  const walk = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      if (key === 'text') texts.push(value);
    } else if (Array.isArray(value)) value.forEach((item) => walk(item));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'value' && k !== 'url' && k !== 'action_id' && k !== 'block_id') walk(v, k);
  };
  walk(message.blocks);
  return texts.join('\n');
}

/** The incidents these alerts make: one per connection, with every rule firing on it. */
function incidentsOf(alerts: readonly Alert[], overrides: (index: number) => Partial<Incident> = () => ({})): Incident[] {
  const at = DEMO_NOW.toISOString();
  const byKey = new Map<string, Alert[]>();
  for (const alert of alerts) byKey.set(incidentKeyOf(alert), [...(byKey.get(incidentKeyOf(alert)) ?? []), alert]);
  return [...byKey].map(([key, list], index) => ({
    ...newIncident(key, list, at),
    messages: [{ channel: 'fivetran-ops', channelId: 'C0OPS', ts: '1.1', groupId: null, claimToken: 'clm', claimedAt: at, postedAt: at, remindedAt: null }],
    ...overrides(index),
  }));
}

/**
 * What Fivetran's API and webhooks might say about the demo: a failure by webhook on a healthy
 * connection, a broken setup with a task and a warning, Fivetran's own delay, a pause since the load.
 */
function demoLiveState(): LiveState {
  const state = new LiveState();
  const at = (minutes: number) => new Date(DEMO_NOW.getTime() + minutes * 60_000).toISOString();
  state.applyWebhook(aWebhookEvent({ connectionId: 'calendar_elected', connectionName: 'acme_salesforce', createdAt: at(-1) }));
  state.applyWebhook(aWebhookEvent({ event: 'pause_connector', connectionId: 'gilded_lantern', connectionName: 'acme_eu_pg', createdAt: at(-1), syncId: null, status: null, reason: null, taskType: null }));
  state.applyPoll([
    aLiveConnection({ connectionId: 'amber_falcon', schema: 'initech_jira', observedAt: at(0), setupState: 'broken', tasks: [{ code: 'reconnect', message: 'Reconnect: the Jira token was revoked', details: null }], warnings: [{ code: 'resync_table_warning', message: 'Resync Table Warning', details: null }] }),
    aLiveConnection({ connectionId: 'tidy_quill', schema: 'finance_sheets', observedAt: at(0), updateState: 'delayed', syncState: 'syncing' }),
  ]);
  return state;
}

async function judgeDemo(options: { staleHours?: number; live?: LiveState } = {}): Promise<Assessment> {
  const demo = await makeDemoFile({ ...(options.staleHours !== undefined ? { staleHours: options.staleHours } : {}) });
  const config = loadConfig({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent' });
  const logger = createLogger({ level: 'silent', format: 'json' });
  const warehouse = await openWarehouse(config, logger);
  try {
    const monitor = await startMonitor(config, warehouse, logger, () => DEMO_NOW, options.live ? { live: options.live } : {});
    return (await monitor.judge(DEMO_NOW)).assessment;
  } finally {
    await warehouse.close();
    demo.remove();
  }
}

let assessments: Assessment[];
let alerts: Alert[];

beforeAll(async () => {
  assessments = [await judgeDemo(), await judgeDemo({ staleHours: 30 }), await judgeDemo({ live: demoLiveState() })];
  alerts = assessments.flatMap((a) => a.alerts);
}, 120_000);

describe('words for people', () => {
  it('covers every alert rule', () => {
    expect(new Set(alerts.map((a) => a.rule))).toEqual(new Set(['sync_failed', 'sync_delayed', 'sync_running_long', 'frequent_errors', 'metadata_stale', 'setup_broken', 'action_required']));
    // Every fact live state adds, and both kinds of disagreement, are on the surfaces scanned below.
    const live = assessments[2]?.connections.flatMap((c) => (c.live ? [c.live] : [])) ?? [];
    expect(new Set(live.flatMap((view) => view.disagreements.map((d) => d.fact)))).toEqual(new Set(['last_sync', 'paused']));
    expect(assessments[2]?.alerts.flatMap((a) => Object.keys(a.details))).toEqual(expect.arrayContaining(['reportedBy', 'reportedAt', 'task', 'tasks']));
  });

  it("writes every alert's facts in words with units, in Slack and in a terminal", () => {
    for (const alert of alerts) {
      for (const format of [SLACK_FACT_FORMAT, TEXT_AT(DEMO_NOW)]) {
        const facts = alertFacts(alert, format);
        expect(facts.length).toBeGreaterThan(0);
        for (const { label, value } of facts) {
          // A reason is Fivetran's own text; the date tokens are Slack's markup, not words.
          const said = (label === 'Reason' ? label : `${label}: ${value}`).replace(/<!date\^[^>]*>/g, 'DATE');
          expect({ alert: alert.fingerprint, said, camel: CAMEL_CASE.exec(said)?.[0], upper: UPPER_SNAKE.exec(said)?.[0], snake: SNAKE_CASE.exec(said)?.[0], bare: bareNumbers(said) })
            .toEqual({ alert: alert.fingerprint, said, camel: undefined, upper: undefined, snake: undefined, bare: [] });
        }
      }
    }
  });

  it('leaks no field name, rule id, raw sync status or time without its day on any surface', () => {
    // The facts' names that no person would write (plain ones such as "status" are words too).
    const internalNames = [...new Set(alerts.flatMap((a) => Object.keys(a.details)))].filter((name) => /[A-Z_0-9]/.test(name));
    expect(internalNames).toEqual(expect.arrayContaining(['expectedEveryMinutes', 'lastSuccessfulSyncAt', 'failuresInARow', 'minutesSinceSuccess']));
    const surfaces: Array<[string, string]> = [];
    for (const assessment of assessments) {
      const now = new Date(assessment.evaluatedAt);
      const incidents = [
        ...incidentsOf(assessment.alerts, (i) => (i % 2 === 0 ? {} : { status: 'acknowledged', ackedBy: 'U0ACK', ackedAt: assessment.evaluatedAt })),
        ...incidentsOf(assessment.alerts, (i) => ({ incidentId: `inc_resolved_${i}`, status: 'resolved', resolvedAt: assessment.evaluatedAt })),
        ...incidentsOf(assessment.alerts, (i) => ({ incidentId: `inc_merged_${i}`, status: 'resolved', resolvedAt: assessment.evaluatedAt, mergedInto: 'inc_other' })),
      ];
      const changes = incidents.flatMap((incident, i) => {
        const rules = incident.rules.map((rule) => rule.rule);
        const kinds: IncidentChange[] = [
          { kind: 'changed', started: rules.slice(0, 1), cleared: rules.slice(1), resolvedBefore: null },
          { kind: 'resolved', started: [], cleared: rules, resolvedBefore: null },
          { kind: 'reopened', started: rules, cleared: [], resolvedBefore: assessment.evaluatedAt },
        ];
        return [{ incident, change: kinds[i % kinds.length] as IncidentChange }];
      });
      const firing: FiringNow = { alerts: withLifecycle(assessment.alerts, incidents, now), lifecycleProblem: null };
      surfaces.push(['CLI alerts', renderAlerts(assessment, firing, { now })]);
      for (let page = 1; page <= 3; page += 1) surfaces.push([`/fivetran alerts page ${page}`, shown(buildAlertsAnswer(firing, assessment, { page }))]);
      surfaces.push(['/fivetran status', shown(buildStatusAnswer(assessment))]);
      surfaces.push(['grouped alerts', shown(buildGroupedAlertsMessage('grp_1', incidents))]);
      surfaces.push(['reminder', shown(buildReminderNote(incidents, now))]);
      surfaces.push(['change notes', shown(buildChangeNote(changes, now))]);
      for (const [i, change] of changes.entries()) surfaces.push([`change note ${i}`, shown(buildChangeNote([change], now))]);
      surfaces.push(['show all', shown(buildAlertGroupList('grp_00000000000000000000', incidents, 1))]);
      for (const incident of incidents) {
        const connection = assessment.connections.find((c) => c.connectionId === incident.connectionId) ?? null;
        surfaces.push([`alert message ${incident.incidentId}`, shown(buildAlertMessage(incident))]);
        surfaces.push([`alert details ${incident.incidentId}`, shown(buildAlertDetails(incident, connection))]);
        surfaces.push([`reminder ${incident.incidentId}`, shown(buildReminderNote([incident], now))]);
        if (connection) {
          surfaces.push([`/fivetran status ${connection.connectionName}`, shown(buildConnectionStatusAnswer(connection, assessment))]);
          surfaces.push([`/fivetran syncs ${connection.connectionName}`, shown(buildSyncsAnswer(assessment, { connection }))]);
          surfaces.push([`CLI status ${connection.connectionName}`, renderStatus(assessment, { now, connectionId: connection.connectionId })]);
          surfaces.push([`CLI syncs ${connection.connectionName}`, renderSyncs(assessment, { now, connectionId: connection.connectionId })]);
        }
      }
      const watched = { connectionId: 'c1', connectionName: 'hubspot_acme', startedAt: assessment.evaluatedAt, endedAt: assessment.evaluatedAt, now: assessment.evaluatedAt, expectedMinutes: 20, timeLimitMinutes: 120 };
      for (const status of ['FAILURE_WITH_TASK', 'FAILURE']) surfaces.push([`watch ${status}`, shown(buildWatchMessage({ ...watched, state: 'failed', status, reason: 'token revoked' }))]);
      surfaces.push(['watch running', shown(buildWatchMessage({ ...watched, endedAt: null, state: 'running' }))]);
    }
    const leaks = surfaces.flatMap(([surface, text]) => {
      const found = [
        ...internalNames.filter((name) => text.includes(name)),
        RULE_ID.exec(text)?.[0],
        RAW_STATUS.exec(text)?.[0],
        RAW_LIVE_STATE.exec(text)?.[0],
        TIME_WITHOUT_DAY.exec(text)?.[0],
      ].filter((leak): leak is string => leak !== undefined);
      return found.map((leak) => `${surface}: ${leak}`);
    });
    expect(leaks).toEqual([]);
  });
});
