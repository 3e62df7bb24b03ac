import { coalescing, oneAtATime } from '../../src/jobs/runQueue';

/** A piece of work the test finishes by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('alert runs in one process', () => {
  it('run one at a time, in the order asked, even when one fails', async () => {
    const turn = oneAtATime();
    const log: string[] = [];
    const first = gate();
    const a = turn(async () => {
      log.push('a starts');
      await first.opened;
      log.push('a ends');
      throw new Error('a failed');
    });
    const b = turn(async () => {
      log.push('b runs');
      return 'b';
    });
    await settle();
    expect(log).toEqual(['a starts']);
    first.open();
    await expect(a).rejects.toThrow('a failed');
    await expect(b).resolves.toBe('b');
    expect(log).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('answer requests made during a run with one run started after it, and never two at once', async () => {
    let runs = 0;
    let running = 0;
    let most = 0;
    const gates = [gate(), gate()];
    const request = coalescing(async () => {
      const mine = runs;
      runs += 1;
      running += 1;
      most = Math.max(most, running);
      await gates[mine]?.opened;
      running -= 1;
      return mine;
    });
    const first = request();
    const during = [request(), request(), request()];
    await settle();
    expect(runs).toBe(1);
    gates[0]?.open();
    expect(await first).toBe(0);
    await settle();
    expect(runs).toBe(2);
    gates[1]?.open();
    expect(await Promise.all(during)).toEqual([1, 1, 1]);
    expect(most).toBe(1);
    // Once idle, a request starts a run of its own.
    expect(await request()).toBe(2);
  });
});
