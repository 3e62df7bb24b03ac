import { currentFailure, foldPolled, foldWebhook, type LiveFacts } from '../../src/live/liveFacts';
import { aLiveConnection, aWebhookEvent } from '../support/liveFixtures';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 8, minute)).toISOString();
const fold = (events: Parameters<typeof aWebhookEvent>[0][]): LiveFacts | undefined =>
  events.reduce<LiveFacts | undefined>((facts, event) => foldWebhook(facts, aWebhookEvent(event)), undefined);

describe('live facts, folded from webhooks and polls', () => {
  it('records a failed sync with its reason and task, and a later success clears it', () => {
    const failed = fold([{ createdAt: at(1) }]) as LiveFacts;
    expect(currentFailure(failed)).toEqual({ at: at(1), source: 'webhook', status: 'FAILURE_WITH_TASK', reason: 'java.lang.RuntimeException: invalid credentials', taskType: 'reconnect', syncId: 'sync-live-1' });
    const cleared = foldWebhook(failed, aWebhookEvent({ createdAt: at(5), syncId: 'sync-live-2', status: 'SUCCESSFUL', reason: null, taskType: null }));
    expect(currentFailure(cleared)).toBeNull();
    expect(cleared.lastSuccess).toEqual({ at: at(5), source: 'webhook', syncId: 'sync-live-2' });
  });

  it('is the same whatever order the events arrive in: an older event never undoes a newer one', () => {
    const events = [
      { createdAt: at(1), syncId: 'a', status: 'FAILURE' },
      { createdAt: at(2), syncId: 'b', status: 'SUCCESSFUL' },
      { createdAt: at(3), syncId: 'c', status: 'FAILURE' },
      { event: 'pause_connector', createdAt: at(4), syncId: null, status: null },
      { event: 'resume_connector', createdAt: at(6), syncId: null, status: null },
    ];
    const inOrder = fold(events) as LiveFacts;
    expect(currentFailure(inOrder)?.syncId).toBe('c');
    expect(inOrder.paused).toEqual({ value: false, at: at(6), source: 'webhook' });
    for (const order of [[4, 3, 2, 1, 0], [2, 0, 4, 1, 3], [1, 3, 0, 4, 2]]) {
      expect(fold(order.map((i) => events[i] ?? {}))).toEqual(inOrder);
    }
  });

  it('takes setup and update state, tasks, warnings and pauses from a poll, and failed_at after succeeded_at as a failure', () => {
    const task = { code: 'reconnect', message: 'Reconnect to Salesforce', details: null };
    const polled = foldPolled(undefined, aLiveConnection({ observedAt: at(10), setupState: 'broken', updateState: 'delayed', paused: true, tasks: [task], succeededAt: at(1), failedAt: at(3) }));
    expect(polled).toMatchObject({ setupState: { value: 'broken', at: at(10), source: 'api' }, updateState: { value: 'delayed' }, paused: { value: true, at: at(10) }, tasks: [task], polledAt: at(10) });
    expect(currentFailure(polled)).toMatchObject({ at: at(3), source: 'api', status: 'FAILURE' });
    // succeeded_at after failed_at: no standing failure.
    expect(currentFailure(foldPolled(undefined, aLiveConnection({ succeededAt: at(4), failedAt: at(3) })))).toBeNull();
  });

  it('keeps the webhook failure with its reason when a poll reports the same or an older failure', () => {
    const fromWebhook = fold([{ createdAt: at(3) }]);
    const polled = foldPolled(fromWebhook, aLiveConnection({ observedAt: at(10), failedAt: at(3), succeededAt: at(1) }));
    expect(currentFailure(polled)).toMatchObject({ source: 'webhook', reason: 'java.lang.RuntimeException: invalid credentials' });
    // A poll read before the newest one changes nothing.
    expect(foldPolled(polled, aLiveConnection({ observedAt: at(9), setupState: 'broken' }))).toBe(polled);
  });
});
