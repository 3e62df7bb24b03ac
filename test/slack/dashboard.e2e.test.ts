import { topLevelMessages } from '../support/demoHarness';
import type { StoredMessage } from '../../src/preview/standin';
import { incidentKeyOf } from '../../src/alerts/incidents';
import type { Assessment } from '../../src/health/types';
import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness, USERS, type Harness } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';
import { elementOf, messageText } from '../support/slackMessages';

/**
 * The morning dashboard on two days of the demo: yesterday's, then today's, in the same channels,
 * with alert runs and an acknowledgement in between, as a team would live it.
 */

// Two days before the demo's present, one of its connections was failing and has recovered since.
const TWO_DAYS_AGO = new Date(DEMO_NOW.getTime() - 48 * 3_600_000);
const LATER_TODAY = new Date(DEMO_NOW.getTime() + 10 * 60_000);

let demo: Awaited<ReturnType<typeof makeDemoFile>>;
let pulse: Harness;

const topLevel = (channel: { id: string }) => topLevelMessages(pulse, channel);
const dashboards = (channel: { id: string }) => topLevel(channel).filter((m) => elementOf(m, 'refreshDashboard'));
const posts = () => pulse.standIn.callsTo('chat.postMessage').filter((c) => c.ok);

/** The incidents an assessment fires, by connection name ("Monitoring data" for stale data). */
function incidentNames(assessment: Assessment): Map<string, string> {
  return new Map(assessment.alerts.map((alert) => [incidentKeyOf(alert), alert.connectionName ?? 'Monitoring data']));
}

/** The line of the "what changed" section that starts with this label, e.g. "New:". */
function changeLine(message: StoredMessage, label: string): string {
  const text = (message.blocks as Array<{ type: string; text?: { text?: string } }>).map((block) => block.text?.text ?? '').find((t) => t.startsWith('*Since the last dashboard*')) ?? '';
  return text.split('\n').find((line) => line.includes(`*${label}*`)) ?? '';
}

const names = (line: string) => new Set(line.replace(/^.*?\*[^*]+\* /, '').split(', ').map((part) => part.replace(/ \(.*\)$/, '').replace(/ by <@\w+>$/, '').replace(/ \+\d+ more$/, '')));

let yesterday: Map<string, string>;
let today: Map<string, string>;

beforeAll(async () => {
  demo = await makeDemoFile();
  pulse = await startHarness({ duckdbPath: demo.path, now: TWO_DAYS_AGO });
  yesterday = incidentNames((await pulse.services.monitor.judge(TWO_DAYS_AGO)).assessment);
  today = incidentNames((await pulse.services.monitor.judge(DEMO_NOW)).assessment);
}, 120_000);
afterAll(async () => {
  await pulse?.stop();
  demo?.remove();
});

describe('the morning dashboard across two days of demo data', () => {
  it('the demo stages incidents that begin and end between the two days', () => {
    expect([...today.keys()].filter((key) => !yesterday.has(key)).length).toBeGreaterThan(0);
    expect([...yesterday.keys()].filter((key) => !today.has(key)).length).toBeGreaterThan(0);
  });

  it("yesterday's is the channel's first: it says so and lists what is open", async () => {
    await pulse.jobs.runAlerts();
    const report = await pulse.jobs.runDashboard();
    expect(report?.failures).toEqual([]);
    const [first] = dashboards(CHANNELS.ops);
    expect(messageText(first)).toContain('This is the first dashboard here');
    for (const call of posts()) assertWithinSlackLimits(call.args);
  });

  it("today's says what is new, what recovered, what is still open and who acknowledged what", async () => {
    pulse.clock.now = DEMO_NOW;
    await pulse.jobs.runAlerts();
    // Someone at acme takes on acme's incident from its own channel.
    const acmeAlert = topLevel(CHANNELS.acme).find((m) => elementOf(m, 'acknowledgeAlert') && !messageText(m).includes('Acknowledged by'))!;
    await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: acmeAlert.ts, actionId: 'acknowledgeAlert', userId: USERS.acme.id });
    await eventually(() => messageText(pulse.standIn.message(CHANNELS.acme.id, acmeAlert.ts)).includes('Acknowledged by'), undefined, 'the acknowledgement');

    const report = await pulse.jobs.runDashboard();
    expect(report?.failures).toEqual([]);
    const all = dashboards(CHANNELS.ops);
    expect(all).toHaveLength(2);
    const latest = all[1]!;
    const opened = [...today].filter(([key]) => !yesterday.has(key)).map(([, name]) => name);
    const recovered = [...yesterday].filter(([key]) => !today.has(key)).map(([, name]) => name);
    const still = [...today].filter(([key]) => yesterday.has(key)).map(([, name]) => name);
    const shown = (label: string, expected: string[]) => {
      const line = changeLine(latest, label);
      if (expected.length === 0) return expect({ label, line }).toEqual({ label, line: '' });
      const found = [...names(line)];
      // Six names are written out, the rest counted.
      const counted = Number(/\+(\d+) more$/.exec(line)?.[1] ?? 0);
      expect({ label, shown: found.length + counted }).toEqual({ label, shown: expected.length });
      expect({ label, found }).toEqual({ label, found: expect.arrayContaining(found.filter((name) => expected.includes(name))) });
      expect({ label, strangers: found.filter((name) => !expected.includes(name)) }).toEqual({ label, strangers: [] });
    };
    shown('New:', opened);
    shown('Recovered:', recovered);
    shown('Still open:', still);
    expect(changeLine(latest, 'Acknowledged:')).toContain(`by <@${USERS.acme.id}>`);
    expect(messageText(latest)).toMatch(/1 acknowledged/);
    expect(latest.text).toMatch(new RegExp(`since the last dashboard: ${opened.length} new, ${recovered.length} recovered`));

    // The details are in its thread, the top message holds one table: by tenant.
    expect((latest.blocks as Array<{ type: string }>).filter((b) => b.type === 'table')).toHaveLength(1);
    const replies = pulse.standIn.replies(CHANNELS.ops.id, latest.ts).filter((m) => m.ts !== latest.ts);
    expect(replies.map((m) => messageText(m)).join('\n')).toMatch(/Needs attention[\s\S]*Slowest syncs[\s\S]*Recent errors/);
    for (const call of posts()) assertWithinSlackLimits(call.args);
  });

  it('a Refresh keeps saying what changed since the dashboard before it', async () => {
    const latest = dashboards(CHANNELS.ops)[1]!;
    const before = messageText(latest);
    const updates = pulse.standIn.callsTo('chat.update').length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: latest.ts, actionId: 'refreshDashboard' });
    await eventually(() => pulse.standIn.callsTo('chat.update').length > updates, undefined, 'the refreshed dashboard');
    const after = pulse.standIn.message(CHANNELS.ops.id, latest.ts)!;
    expect(changeLine(after, 'New:')).toBe(changeLine(JSON.parse(before) as StoredMessage, 'New:'));
    expect(changeLine(after, 'New:')).not.toBe('');
  });

  it('one posted later the same day has every incident still open, and who acknowledged it', async () => {
    pulse.clock.now = LATER_TODAY;
    const report = await pulse.jobs.runDashboard();
    expect(report?.failures).toEqual([]);
    const latest = dashboards(CHANNELS.ops)[2]!;
    expect(changeLine(latest, 'New:')).toBe('');
    expect(changeLine(latest, 'Recovered:')).toBe('');
    const line = changeLine(latest, 'Still open:');
    const counted = Number(/\+(\d+) more$/.exec(line)?.[1] ?? 0);
    expect(names(line).size + counted).toBe(today.size);
    expect(changeLine(latest, 'Acknowledged:')).toContain(`by <@${USERS.acme.id}>`);
    for (const call of posts()) assertWithinSlackLimits(call.args);
  });
});

describe("a tenant's dashboard", () => {
  it('holds nothing of another tenant, in its message or its thread', async () => {
    const { assessment } = await pulse.services.monitor.judge(DEMO_NOW);
    const tenants = await pulse.services.monitor.tenants();
    const channels = [
      { channel: CHANNELS.acme, tenantId: 'acme' },
      { channel: CHANNELS.acmeEu, tenantId: 'acme_eu' },
      { channel: CHANNELS.globex, tenantId: 'globex' },
    ];
    for (const { channel, tenantId } of channels) {
      const own = dashboards(channel);
      expect({ channel: channel.name, dashboards: own.length }).toEqual({ channel: channel.name, dashboards: 3 });
      for (const dashboard of own) {
        const text = [dashboard, ...pulse.standIn.replies(channel.id, dashboard.ts)].map((m) => messageText(m)).join('\n');
        const others = assessment.connections.filter((c) => c.tenantId !== tenantId).map((c) => c.connectionName);
        const leaked = others.filter((name) => new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`).test(text));
        expect({ channel: channel.name, leaked }).toEqual({ channel: channel.name, leaked: [] });
        const otherTenants = tenants.filter((t) => t.tenantId !== tenantId).flatMap((t) => [t.tenantName, t.tenantId]).filter((n): n is string => !!n);
        const tableText = JSON.stringify((dashboard.blocks as Array<{ type: string }>).filter((b) => b.type === 'table'));
        expect({ channel: channel.name, tenants: otherTenants.filter((n) => tableText.includes(`"${n}"`)) }).toEqual({ channel: channel.name, tenants: [] });
        // Its own connections are there: the scope is the tenant's, not empty.
        const mine = assessment.connections.filter((c) => c.tenantId === tenantId).map((c) => c.connectionName);
        expect(mine.some((name) => text.includes(name))).toBe(true);
      }
    }
  });
});
