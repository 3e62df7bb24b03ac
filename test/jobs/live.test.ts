import { startLive } from '../../src/jobs/live';
import { LiveState } from '../../src/live/liveState';
import { createLogger } from '../../src/log/logger';
import { aLiveConnection } from '../support/liveFixtures';
import { MemoryFivetranApi } from '../support/memoryFivetranApi';

const logger = createLogger({ level: 'silent', format: 'json' });

describe('live state at work: alert runs after polls', () => {
  const failing = () => aLiveConnection({ connectionId: 'calendar_elected', succeededAt: '2026-11-20T06:00:00.000Z', failedAt: '2026-11-20T08:00:00.000Z' });

  it('runs the alerts when the first poll shows something that could alert', async () => {
    const api = new MemoryFivetranApi();
    api.connections = [failing()];
    let runs = 0;
    const live = startLive({ api, webhookSecret: null, pollSeconds: 300 }, new LiveState(), { runAlertsSoon: async () => ((runs += 1), null) }, logger);
    await live.poll.pollOnce();
    await live.stop();
    expect(runs).toBe(1);
  });

  it('with firstPollIsBaseline (the preview), takes the first poll as the baseline and runs the alerts only when a later one changes something', async () => {
    const api = new MemoryFivetranApi();
    api.connections = [failing()];
    let runs = 0;
    const live = startLive({ api, webhookSecret: null, pollSeconds: 300, firstPollIsBaseline: true }, new LiveState(), { runAlertsSoon: async () => ((runs += 1), null) }, logger);
    await live.poll.pollOnce();
    expect(runs).toBe(0);
    await live.poll.pollOnce();
    expect(runs).toBe(0);
    api.connections = [aLiveConnection({ connectionId: 'calendar_elected', succeededAt: '2026-11-20T06:00:00.000Z', failedAt: '2026-11-20T09:00:00.000Z', setupState: 'broken', observedAt: '2026-11-26T09:00:00.000Z' })];
    await live.poll.pollOnce();
    expect(runs).toBe(1);

    // Started over (the preview's Reset demo): the next reading is the baseline again.
    live.rebaseline();
    api.connections = [aLiveConnection({ connectionId: 'calendar_elected', succeededAt: '2026-11-26T10:00:00.000Z', observedAt: '2026-11-26T10:05:00.000Z' })];
    await live.poll.pollOnce();
    await live.stop();
    expect(runs).toBe(1);
  });
});
