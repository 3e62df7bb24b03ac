import { PassThrough } from 'node:stream';
import { createLogger } from '../../src/log/logger';
import { startLivePoll } from '../../src/live/livePoll';
import { LiveState } from '../../src/live/liveState';
import { aLiveConnection } from '../support/liveFixtures';
import { MemoryFivetranApi } from '../support/memoryFivetranApi';

describe("the poll of Fivetran's API", () => {
  it('polls at start and then each time the timer fires, folding what it reads; a failure is logged and the next poll tries again', async () => {
    const api = new MemoryFivetranApi();
    api.connections = [aLiveConnection({ observedAt: '2026-11-26T08:00:00.000Z', setupState: 'broken' })];
    const state = new LiveState();
    const timers: Array<{ run: () => void; ms: number }> = [];
    const logged: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logged.push(chunk.toString()));
    const logger = createLogger({ level: 'warn', format: 'json', destination: stream });
    const polled: number[] = [];
    const poll = startLivePoll({ api, state, intervalSeconds: 300, logger, afterPoll: async (c) => void polled.push(c.length), setTimer: (run, ms) => (timers.push({ run, ms }), { cancel: () => undefined }) });

    await new Promise((resolve) => setImmediate(resolve));
    expect(api.listCalls).toBe(1);
    expect(state.facts().get('calendar_elected')?.setupState?.value).toBe('broken');
    expect(timers.map((t) => t.ms)).toEqual([300_000]);

    api.failWith = new Error('connect ECONNREFUSED 127.0.0.1:1');
    timers[0]?.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(api.listCalls).toBe(2);
    expect(logged.join('')).toContain('could not poll the Fivetran API');
    expect(timers).toHaveLength(2);

    api.failWith = null;
    api.connections = [aLiveConnection({ observedAt: '2026-11-26T08:05:00.000Z', setupState: 'connected' })];
    timers[1]?.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.facts().get('calendar_elected')?.setupState?.value).toBe('connected');
    expect(polled).toEqual([1, 1]);
    await poll.stop();
  });

  it('joins a poll already running instead of starting a second', async () => {
    const api = new MemoryFivetranApi();
    const poll = startLivePoll({ api, state: new LiveState(), intervalSeconds: 300, logger: createLogger({ level: 'silent', format: 'json' }), setTimer: () => ({ cancel: () => undefined }) });
    await Promise.all([poll.pollOnce(), poll.pollOnce(), poll.pollOnce()]);
    expect(api.listCalls).toBe(1);
    await poll.stop();
  });
});
