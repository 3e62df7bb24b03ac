import { useDemoHarness } from '../support/demoHarness';
import type { RecordedResponse, StoredMessage } from '../../src/preview/standin';
import { postMarChart } from '../../src/slack/charts';
import { eventually } from '../support/eventually';
import { readPng } from '../support/png';
import { CHANNELS, USERS } from '../support/pulseHarness';
import { assertWithinSlackLimits } from '../support/slackLimits';

const { pulse } = useDemoHarness();

type Channel = { id: string; name: string };

const textOf = (answer: RecordedResponse) => JSON.stringify(answer.body);

/** The private answer's Share in channel pressed, as the person who asked: the shared answer. */
async function share(channel: Channel, userId: string = USERS.ops.id): Promise<RecordedResponse> {
  const answers = pulse.standIn.timeline(channel.id).filter((entry) => entry.type === 'message' && entry.ephemeralTo === userId && JSON.stringify(entry).includes('shareInChannel'));
  const last = answers[answers.length - 1];
  if (!last) throw new Error('no private answer with a Share button');
  const before = pulse.standIn.responses.length;
  await pulse.standIn.clickButton({ channelId: channel.id, messageTs: last.ts, actionId: 'shareInChannel', userId });
  const shared = await eventually(() => pulse.standIn.responses.slice(before).find((r) => r.body.response_type === 'in_channel'), undefined, 'the shared answer');
  // The private answer goes once shared; waited for, so the next command's answer is not mistaken for it.
  await eventually(() => pulse.standIn.responses.slice(before).some((r) => r.body.delete_original === true), undefined, 'the private answer removed');
  return shared;
}

/** The next message with a file in the channel, after `count` of them. */
const fileMessage = (channel: Channel, count: number) =>
  eventually(() => pulse.standIn.messages(channel.id).filter((m) => m.files?.length)[count], undefined, 'the uploaded chart');

const filesIn = (channel: Channel) => pulse.standIn.messages(channel.id).filter((m) => m.files?.length).length;

function checkChart(message: StoredMessage, channel: Channel) {
  expect(message.channel).toBe(channel.id);
  expect(message.user).toBe(pulse.standIn.botUserId);
  const [file] = message.files ?? [];
  expect(file).toMatchObject({ mimetype: 'image/png', filetype: 'png', name: expect.stringMatching(/\.png$/) });
  const png = readPng(Buffer.from(pulse.standIn.fileBytes(file?.id ?? '') ?? []));
  expect(png.width).toBeGreaterThan(1000);
  expect(png.height).toBeGreaterThan(500);
  return file!;
}

describe('charts through the real Bolt app and the Slack stand-in', () => {
  it('/fivetran mar says its chart comes with Share; shared, the account\'s MAR by day is uploaded into the channel', async () => {
    const { answer } = await pulse.command('mar');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(textOf(answer)).toContain("Share in channel* posts this answer with a chart of the whole account's MAR by day over the last 30 days");
    assertWithinSlackLimits(answer.body);
    expect(pulse.standIn.callsTo('files.completeUploadExternal')).toHaveLength(0);

    const before = filesIn(CHANNELS.ops);
    const shared = await share(CHANNELS.ops);
    expect(textOf(shared)).not.toContain('posts this answer with a chart');
    const message = await fileMessage(CHANNELS.ops, before);
    const file = checkChart(message, CHANNELS.ops);
    expect(message.text).toBe(`:bar_chart: Shared by <@${USERS.ops.id}> with the answer above.`);
    expect(file.title).toBe('MAR by day, all tenants, Oct 22 to Nov 20, 2026');
    expect(file.alt_txt).toMatch(/^Bar chart of monthly active rows by day for the whole account, Oct 22 to Nov 20, 2026 \(UTC\): [\d,]+ incremental rows in total\. The busiest day was/);
    const [complete] = pulse.standIn.callsTo('files.completeUploadExternal').slice(-1);
    expect(complete).toMatchObject({ ok: true, args: { channel_id: CHANNELS.ops.id } });
  });

  it("in a tenant's channel the chart is that tenant's MAR alone", async () => {
    const accountTotal = Number(/([\d,]+) incremental rows/.exec(pulse.standIn.messages(CHANNELS.ops.id).find((m) => m.files?.length)?.files?.[0]?.alt_txt ?? '')?.[1]?.replace(/,/g, ''));
    await pulse.command('mar', CHANNELS.acme, USERS.acme.id);
    await share(CHANNELS.acme, USERS.acme.id);
    const file = checkChart(await fileMessage(CHANNELS.acme, 0), CHANNELS.acme);
    expect(file.alt_txt).toMatch(/^Bar chart of monthly active rows by day for Acme Inc\., /);
    expect(file.name).toBe('mar-by-day-acme-2026-11-20.png');
    const acmeTotal = Number(/([\d,]+) incremental rows/.exec(file.alt_txt ?? '')?.[1]?.replace(/,/g, ''));
    expect(acmeTotal).toBeGreaterThan(0);
    expect(acmeTotal).toBeLessThan(accountTotal);
    // Nothing went to the ops channel or anywhere else.
    expect(pulse.standIn.callsTo('files.completeUploadExternal').slice(-1)[0]?.args.channel_id).toBe(CHANNELS.acme.id);
  });

  it('/fivetran syncs <connection>, shared, uploads the connection\'s sync durations into the channel', async () => {
    const { answer } = await pulse.command('syncs globex_postgres');
    expect(textOf(answer)).toContain('posts this answer with a chart of its sync durations over the last 30 days');
    const before = filesIn(CHANNELS.ops);
    await share(CHANNELS.ops);
    const file = checkChart(await fileMessage(CHANNELS.ops, before), CHANNELS.ops);
    expect(file.title).toBe('Sync durations, globex_postgres, Oct 22 to Nov 20, 2026');
    expect(file.alt_txt).toMatch(/^Chart of sync durations over time\. \d+ completed syncs of globex_postgres from Oct 22 to Nov 20, 2026 \(UTC\), \d+ failed syncs? among them\./);
  });

  it('lists without a chart share no file', async () => {
    const uploads = pulse.standIn.callsTo('files.completeUploadExternal').length;
    const before = filesIn(CHANNELS.ops);
    for (const text of ['syncs', 'status']) {
      const { answer } = await pulse.command(text);
      expect(textOf(answer)).not.toContain('posts this answer with a chart');
      await share(CHANNELS.ops);
    }
    // A chart shared after them is the only file that follows.
    await pulse.command('mar');
    await share(CHANNELS.ops);
    const file = checkChart(await fileMessage(CHANNELS.ops, before), CHANNELS.ops);
    expect(file.title).toMatch(/^MAR by day/);
    expect(pulse.standIn.callsTo('files.completeUploadExternal').length).toBe(uploads + 1);
    expect(filesIn(CHANNELS.ops)).toBe(before + 1);
  });

  it('tells whoever shared, privately, when Slack refuses the upload', async () => {
    await pulse.command('mar');
    pulse.standIn.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const before = pulse.standIn.timeline(CHANNELS.ops.id).length;
    await share(CHANNELS.ops);
    const told = await eventually(
      () => pulse.standIn.timeline(CHANNELS.ops.id).slice(before).find((e) => e.type === 'message' && e.ephemeralTo === USERS.ops.id && e.text.includes('could not post its chart')),
      undefined,
      'the private note',
    );
    expect(JSON.stringify(told)).toContain('invite it');
  });

  it("posts a tenant's MAR chart into a thread, as the dashboard's thread will", async () => {
    const client = pulse.slack.app.client;
    const parent = await client.chat.postMessage({ channel: CHANNELS.globex.id, text: 'Morning dashboard' });
    const [globex] = (await pulse.services.monitor.tenants()).filter((t) => t.tenantId === 'globex');
    await postMarChart(pulse.services, client, { kind: 'tenant', tenant: globex! }, { channelId: CHANNELS.globex.id, threadTs: parent.ts ?? '' });
    const [reply] = pulse.standIn.replies(CHANNELS.globex.id, parent.ts ?? '');
    expect(reply?.text).toMatch(/^MAR by day, Globex Corporation, Oct 22 to Nov 20, 2026$/);
    expect(reply?.files?.[0]?.alt_txt).toMatch(/for Globex Corporation,/);
    expect(pulse.standIn.messages(CHANNELS.globex.id).filter((m) => m.files?.length)).toEqual([]);
  });
});
