import type { StoredMessage } from '../../src/preview/standin';
import { DEMO_NOW, makeDemoFile } from './demoFile';
import { startHarness, type Harness } from './pulseHarness';

type HarnessOptions = Omit<Parameters<typeof startHarness>[0], 'duckdbPath' | 'now'>;

/** What stands for a suite's harness before it has started: read only inside tests and hooks. */
function standIn<T extends object>(name: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const value = current();
      if (value === undefined) throw new Error(`the suite's ${name} is read before beforeAll started it`);
      const field: unknown = Reflect.get(value, key);
      return typeof field === 'function' ? (field as (...args: unknown[]) => unknown).bind(value) : field;
    },
  });
}

/**
 * The Slack harness of an end-to-end suite, on a fresh demo file at DEMO_NOW: started before the
 * suite's tests and stopped (its file removed) after them. The two values it gives stand for the
 * started harness and file, so a suite reads them as it would read its own.
 */
export function useDemoHarness(options: HarnessOptions = {}): { pulse: Harness; demo: { path: string } } {
  let demo: Awaited<ReturnType<typeof makeDemoFile>> | undefined;
  let pulse: Harness | undefined;
  beforeAll(async () => {
    demo = await makeDemoFile();
    pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, ...options });
  });
  afterAll(async () => {
    await pulse?.stop();
    demo?.remove();
  });
  return { pulse: standIn('harness', () => pulse), demo: standIn('demo file', () => demo) };
}

/** A channel's messages outside threads (thread parents included), oldest first. */
export function topLevelMessages(pulse: Harness, channel: { id: string }): StoredMessage[] {
  return pulse.standIn.messages(channel.id).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
}
