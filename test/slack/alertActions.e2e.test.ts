import { topLevelMessages, useDemoHarness } from '../support/demoHarness';
import { eventually } from '../support/eventually';
import { CHANNELS, USERS } from '../support/pulseHarness';
import { elementOf, messageText } from '../support/slackMessages';

const { pulse } = useDemoHarness();

const topLevel = (channel: { id: string }) => topLevelMessages(pulse, channel);
/** Reads of whole incidents (with their messages), as opposed to the id probes a conditional update makes. */
const incidentReads = (from: number) =>
  pulse.statements.slice(from).filter((s) => s.tag?.startsWith('pulse:alerts:') && /FROM \S+\.alert_incidents i\s+LEFT JOIN/.test(s.sql));

beforeAll(async () => {
  await pulse.jobs.runAlerts();
});

describe('alert buttons', () => {
  it('reads a grouped message\'s incidents once before acknowledging them all and once after, to edit every copy', async () => {
    const grouped = topLevel(CHANNELS.ops).find((m) => elementOf(m, 'acknowledgeGroup'))!;
    const members = await pulse.services.store.findByMessage(CHANNELS.ops.id, grouped.ts);
    const copies = new Set(members.flatMap((incident) => incident.messages.map((m) => `${m.channelId} ${m.ts}`)));
    expect(copies.size).toBeGreaterThan(1);
    const updates = pulse.standIn.callsTo('chat.update').length;
    const from = pulse.statements.length;
    await pulse.standIn.clickButton({ channelId: CHANNELS.ops.id, messageTs: grouped.ts, actionId: 'acknowledgeGroup', userId: USERS.ops.id });
    await eventually(() => pulse.standIn.callsTo('chat.update').length - updates === copies.size, undefined, 'every copy edited');
    expect(elementOf(pulse.standIn.message(CHANNELS.ops.id, grouped.ts), 'acknowledgeGroup')).toBeUndefined();
    expect(messageText(topLevel(CHANNELS.acme)[0])).toContain(`Acknowledged by <@${USERS.ops.id}>`);
    expect(incidentReads(from).map((s) => s.tag)).toEqual(['pulse:alerts:group', 'pulse:alerts:shown']);
  });
});
