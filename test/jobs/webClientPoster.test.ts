import { isOutcomeUnknown } from '../../src/alerts/messages';
import { createPostingClient, webClientPoster } from '../../src/jobs/webClientPoster';
import { createLogger } from '../../src/log/logger';
import { startSlackStandIn, type SlackStandIn } from '../../src/preview/standin';
import { eventually } from '../support/eventually';
import { manualClock, type ManualClock } from '../support/manualClock';

const TOKEN = 'xoxb-poster-test';
const OPS = { id: 'C0OPS00001', name: 'fivetran-ops' };
const silent = createLogger({ level: 'silent', format: 'json' });

let standIn: SlackStandIn;
let clock: ManualClock;
let poster: ReturnType<typeof webClientPoster>;

beforeEach(async () => {
  standIn = await startSlackStandIn({ signingSecret: 'secret-secret', botToken: TOKEN, channels: [OPS] });
  clock = manualClock();
  poster = webClientPoster(createPostingClient(TOKEN, standIn.apiUrl, silent), { clock });
});
afterEach(async () => {
  await standIn.close();
});

const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe('the posting client', () => {
  it('never sends a post again by itself: a lost answer is an unknown outcome, with one message in the channel', async () => {
    standIn.failNext('chat.postMessage', { answer: 'lost' });
    const error = await rejection(poster.postMessage({ channel: OPS.id, text: 'once', blocks: [] }));
    expect(isOutcomeUnknown(error)).toBe(true);
    expect(standIn.messages(OPS.id).map((message) => message.text)).toEqual(['once']);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('counts a server error as unknown and a refusal as a failure, sending neither again', async () => {
    standIn.failNext('chat.postMessage', { status: 500 });
    expect(isOutcomeUnknown(await rejection(poster.postMessage({ channel: OPS.id, text: 'a', blocks: [] })))).toBe(true);
    standIn.failNext('chat.postMessage', { error: 'not_in_channel' });
    const refused = await rejection(poster.postMessage({ channel: OPS.id, text: 'b', blocks: [] }));
    expect(refused).toBeInstanceOf(Error);
    expect(isOutcomeUnknown(refused)).toBe(false);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('gives up on a call at its deadline, as unknown, and does not send it again', async () => {
    standIn.failNext('chat.postMessage', { answer: 'hung' });
    const post = rejection(poster.postMessage({ channel: OPS.id, text: 'held', blocks: [] }));
    await eventually(() => standIn.messages(OPS.id).length === 1, undefined, 'the held post to arrive');
    await clock.advance(10_000);
    expect(String(await post)).toMatch(/did not answer chat\.postMessage within 10 s/);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('sends an edit whose answer was lost once more, as chat.update sets the same content again', async () => {
    const posted = await poster.postMessage({ channel: OPS.id, text: 'before', blocks: [] });
    standIn.failNext('chat.update', { answer: 'lost' });
    await poster.update({ channel: posted.channel, ts: posted.ts, text: 'after', blocks: [] });
    expect(standIn.callsTo('chat.update').map((call) => call.ok)).toEqual([true, true]);
    expect(standIn.message(OPS.id, posted.ts)?.text).toBe('after');
  });

  it('finds its own message by its metadata, in a channel given by name too', async () => {
    await poster.postMessage({ channel: OPS.id, text: 'other', blocks: [], metadata: { event_type: 'pulse_alert', event_payload: { claim: 'clm_other' } } });
    const mine = await poster.postMessage({ channel: OPS.id, text: 'mine', blocks: [], metadata: { event_type: 'pulse_alert', event_payload: { claim: 'clm_mine' } } });
    const found = await poster.findOwnMessage({ channel: `#${OPS.name}`, oldest: new Date(Date.now() - 60_000), matches: (m) => m.event_payload.claim === 'clm_mine' });
    expect(found).toEqual({ ts: mine.ts, channel: OPS.id });
    expect(await poster.findOwnMessage({ channel: OPS.id, oldest: new Date(Date.now() - 60_000), matches: (m) => m.event_payload.claim === 'clm_none' })).toBeNull();
    expect(standIn.callsTo('conversations.history').at(-1)?.args).toMatchObject({ include_all_metadata: 'true' });
  });
});
