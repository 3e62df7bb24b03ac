import type { Incident } from '../../../src/alerts/types';
import type { Assessment } from '../../../src/health/types';
import { buildErrorsAnswer, buildSchemaAnswer, buildSyncsAnswer } from '../../../src/views/blocks/activityAnswers';
import { buildAlertDetails } from '../../../src/views/blocks/alertDetails';
import { buildAlertMessage } from '../../../src/views/blocks/alertMessage';
import { buildAlertsAnswer } from '../../../src/views/blocks/alertsAnswer';
import { buildChangeNote, buildReminderNote } from '../../../src/views/blocks/alertThreadNotes';
import { buildAlertGroupList } from '../../../src/views/blocks/alertGroupList';
import { buildCheckAnswer } from '../../../src/views/blocks/checkAnswer';
import { buildDashboard } from '../../../src/views/blocks/dashboard';
import { buildErrorAnswer } from '../../../src/views/blocks/errorAnswer';
import { buildGroupedAlertsMessage } from '../../../src/views/blocks/groupedAlertsMessage';
import { buildHelpAnswer } from '../../../src/views/blocks/helpAnswer';
import { buildMarAnswer } from '../../../src/views/blocks/marAnswer';
import { buildConnectionStatusAnswer, buildStatusAnswer } from '../../../src/views/blocks/statusAnswer';
import { buildTenantAnswer } from '../../../src/views/blocks/tenantAnswer';
import type { SlackMessage } from '../../../src/views/blocks/types';
import { buildWatchMessage } from '../../../src/views/blocks/watchMessage';
import { HOSTILE, NOW, aCheckReport, aTenant, firingFrom, hugeAssessment, hugeIncidents } from '../../support/fixtures/assessment';
import { assertWithinSlackLimits } from '../../support/slackLimits';

/**
 * Every builder on 2,000 connections with long names, 3,000-character error messages and markup
 * in every text field: each message stays within Slack's limits and shows data only as text.
 */
describe('builders on a large, hostile dataset', () => {
  let assessment: Assessment;
  let incidents: Incident[];
  let messages: Array<[string, SlackMessage]>;

  beforeAll(() => {
    assessment = hugeAssessment(2000);
    incidents = hugeIncidents(assessment);
    messages = all();
  });

  function all(): Array<[string, SlackMessage]> {
    const connection = assessment.connections[1]!;
    const tenant = aTenant({ tenantId: connection.tenantId!, tenantName: HOSTILE.repeat(5), alertChannel: `#${HOSTILE}` });
    const shared = assessment.connections.map((c) => ({ ...c, tenantId: 'big_tenant' }));
    const bigTenant = { ...assessment, connections: shared };
    const watchBase = { connectionId: connection.connectionId, connectionName: connection.connectionName, startedAt: NOW, endedAt: null, now: NOW, expectedMinutes: 30, timeLimitMinutes: 120 };
    const pages = (build: (page: number) => SlackMessage): Array<[string, SlackMessage]> => [1, 2, 50, 10_000, -3].map((page) => [`page ${page}`, build(page)]);
    return [
      ['dashboard', buildDashboard(assessment).message],
      ...buildDashboard(assessment).thread.map((reply, i): [string, SlackMessage] => [`dashboard reply ${i + 1}`, reply]),
      ...pages((page) => buildStatusAnswer(assessment, { page })).map(([l, m]): [string, SlackMessage] => [`status ${l}`, m]),
      ['status of one connection', buildConnectionStatusAnswer(connection, assessment)],
      ['tenant', buildTenantAnswer(tenant, assessment)],
      ...pages((page) => buildTenantAnswer(aTenant({ tenantId: 'big_tenant', tenantName: HOSTILE }), bigTenant, { page })).map(([l, m]): [string, SlackMessage] => [`big tenant ${l}`, m]),
      ...pages((page) => buildErrorsAnswer(assessment, { page })).map(([l, m]): [string, SlackMessage] => [`errors ${l}`, m]),
      ['errors of one connection', buildErrorsAnswer(assessment, { connection })],
      ...pages((page) => buildSyncsAnswer(assessment, { page })).map(([l, m]): [string, SlackMessage] => [`syncs ${l}`, m]),
      ['syncs of one connection', buildSyncsAnswer(assessment, { connection })],
      ...pages((page) => buildSchemaAnswer(assessment, { page })).map(([l, m]): [string, SlackMessage] => [`schema ${l}`, m]),
      ...pages((page) => buildMarAnswer(assessment, [tenant], { page })).map(([l, m]): [string, SlackMessage] => [`mar ${l}`, m]),
      ...pages((page) => buildAlertsAnswer(firingFrom(incidents), assessment, { page })).map(([l, m]): [string, SlackMessage] => [`alerts ${l}`, m]),
      ['check', buildCheckAnswer(aCheckReport({ stale: true, problems: Array.from({ length: 60 }, (_, i) => `${i} ${HOSTILE.repeat(20)}`), platformConnection: { ...aCheckReport().platformConnection!, connectionName: HOSTILE.repeat(4) }, quickstart: { deployed: true, schema: HOSTILE, models: ['a'], freshestAt: NOW } }))],
      ['grouped alerts', buildGroupedAlertsMessage('grp_huge', incidents)],
      ...incidents.slice(0, 4).map((incident): [string, SlackMessage] => [`alert ${incident.status}`, buildAlertMessage(incident)]),
      ['alert details', buildAlertDetails(incidents[0]!, connection)],
      ['reminder', buildReminderNote(incidents, NOW)],
      ['reminder for one', buildReminderNote([incidents[0]!], NOW)],
      ['changes', buildChangeNote(incidents.map((incident, i) => ({ incident, change: { kind: (['changed', 'resolved', 'reopened'] as const)[i % 3]!, started: ['sync_failed' as const], cleared: ['sync_delayed' as const], resolvedBefore: NOW } })), NOW)],
      ...[1, 2, 1000].map((page): [string, SlackMessage] => [`show all page ${page}`, buildAlertGroupList('grp_00000000000000000000', incidents, page)]),
      ['grouped alerts with a mention', buildGroupedAlertsMessage('grp_huge', incidents, '<!subteam^S0ONCALL>')],
      ['watch running', buildWatchMessage({ ...watchBase, state: 'running' })],
      ['watch failed', buildWatchMessage({ ...watchBase, state: 'failed', endedAt: NOW, status: HOSTILE, reason: HOSTILE.repeat(40) })],
      ['help', buildHelpAnswer({ command: HOSTILE, unknown: HOSTILE.repeat(10), didYouMean: HOSTILE })],
      ['error', buildErrorAnswer({ message: HOSTILE.repeat(100), suggestions: Array.from({ length: 20 }, () => HOSTILE.repeat(3)), hint: HOSTILE.repeat(30) })],
    ];
  }

  it('keeps every message within every Slack limit', () => {
    for (const [label, message] of messages) assertWithinSlackLimits(message, label);
  });

  /** Every string Slack reads as mrkdwn: the fallback and each mrkdwn text object. */
  function mrkdwnTexts(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((item) => mrkdwnTexts(item, out));
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
      Object.values(record).forEach((item) => mrkdwnTexts(item, out));
    }
    return out;
  }

  /** The texts of table cells: raw_text, and the text and link parts of rich_text. */
  function tableTexts(blocks: readonly unknown[]): string[] {
    const tables = blocks.filter((block): block is { type: 'table'; rows: unknown[][] } => (block as { type?: string }).type === 'table');
    return tables.flatMap((t) => t.rows.flat()).flatMap((cell) => {
      const json = JSON.stringify(cell);
      return [...json.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    });
  }

  it('shows hostile data as text: no markup, mention or link comes from the data', () => {
    for (const [label, message] of messages) {
      // plain_text (headers, buttons) is shown literally by Slack; mrkdwn is where markup could hide.
      const text = [message.text, ...mrkdwnTexts(message.blocks)].join('\n');
      // The data is there: escaped in mrkdwn, or as written in a table's cells, which Slack shows literally.
      expect({ label, shown: text.includes('&lt;script&gt;') || tableTexts(message.blocks).some((cell) => cell.includes('<script>')) }).toEqual({ label, shown: true });
      expect({ label, found: text.includes('<script>') }).toEqual({ label, found: false });
      expect({ label, found: /<!channel>|<!here>|<!everyone>/.test(text) }).toEqual({ label, found: false });
      expect({ label, found: text.includes('<https://evil.example') }).toEqual({ label, found: false });
      expect({ label, found: text.includes('<@U123|boss>') }).toEqual({ label, found: false });
    }
  });

  it('cuts long lists with "and N more" and pages them', () => {
    const status = JSON.stringify(buildStatusAnswer(assessment, { page: 2 }).blocks);
    expect(status).toContain('Page 2 of 200');
    const { message, thread } = buildDashboard(assessment);
    const dashboard = JSON.stringify([...message.blocks, ...thread.flatMap((reply) => reply.blocks)]);
    expect(JSON.stringify(message.blocks)).toContain('*Monitoring data is stale.*');
    expect(dashboard).toMatch(/…and \d[\d,]* more: `\/fivetran errors`/);
    expect(dashboard).toMatch(/…and \d[\d,]* more: `\/fivetran syncs`/);
    expect(dashboard).toContain('*Monitoring data is stale.*');
    const grouped = JSON.stringify(buildGroupedAlertsMessage('grp_huge', incidents).blocks);
    expect(grouped).toMatch(/…and [\d,]+ more incidents: \*Show all\* lists every one with its own menu/);
  });
});
