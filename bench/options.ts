import { DEMO_LIMITS } from '../src/demo';

/** What one `npm run bench` measures; every field has a default so a plain run finishes in minutes. */
export interface BenchOptions {
  /** Numbers of connections, one dataset each. */
  sizes: number[];
  /** Days of LOG history in each dataset. */
  days: number;
  /** Timed runs of each cycle measurement, after the warm-up runs. */
  runs: number;
  warmup: number;
  /** Interleaved rounds of the side-by-side reads (full read, floor, Quickstart, per-connection loop). */
  sideRuns: number;
  /** Connections the per-connection loop is timed on, then extrapolated to all. */
  loopSample: number;
  /** Slash commands sent to each Slack app, and how many at a time; 0 requests skips the Slack load. */
  requests: number;
  concurrency: number;
  /** Rounds of the Slack load, each the bare app then Pulse's two ways, interleaved: the machine's noise shows between rounds. */
  slackRounds: number;
  /** Also run the cycle through snowflake-sdk against the Snowflake stand-in (smallest size). */
  snowflake: boolean;
  /** Connections in the 30- versus 90-day LOG comparison; 0 skips it. */
  windowSize: number;
  /** Which sizes get the detailed cycle, check, analyze, views and EXPLAIN ANALYZE measurements. */
  detail: 'smallest' | 'all' | 'none';
}

export class BenchUsageError extends Error {}

export const BENCH_USAGE = `Usage: npm run bench -- [options]
  --sizes 2000            connections per dataset; --sizes 2000,10000 adds the large one
                          (10000 takes a few minutes and ~2 GB of disk to generate once, and minutes to measure)
  --days 30               days of LOG history per dataset (7 to 90)
  --runs 5                timed runs per cycle measurement
  --warmup 1              untimed runs first
  --side-runs 3           interleaved rounds of the side-by-side reads (medians)
  --loop-sample 40        connections the per-connection loop is timed on (then extrapolated)
  --requests 1000         slash commands sent to each Slack app under load (0 skips the Slack load)
  --concurrency 50        of them at a time
  --slack-rounds 3        interleaved rounds of the Slack load (the bare app, then Pulse), compared by medians
  --window-size N         connections in the 30- vs 90-day LOG comparison (default: the smallest size; 0 skips it)
  --detail smallest       the detailed cycle, check, analyze, views and EXPLAIN ANALYZE measurements
                          for the smallest size (smallest), every size (all), or none
  --no-snowflake          skip the snowflake-sdk driver path
Datasets are cached under the system temp folder and reused.`;

const CONNECTIONS = DEMO_LIMITS.connections;
const FLAGS = new Set(['--sizes', '--days', '--runs', '--warmup', '--side-runs', '--loop-sample', '--requests', '--concurrency', '--slack-rounds', '--window-size', '--detail', '--no-snowflake', '--help']);

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || value < min || value > max) {
    throw new BenchUsageError(`${flag} needs a whole number from ${min} to ${max}; got ${text === undefined ? 'nothing' : `"${text}"`}`);
  }
  return value;
}

/** Pure: argv (without node and the script) into options, or a BenchUsageError saying what is wrong. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  let sizes = [2000];
  let days = 30;
  let runs = 5;
  let warmup = 1;
  let sideRuns = 3;
  let loopSample = 40;
  let requests = 1000;
  let concurrency = 50;
  let slackRounds = 3;
  let snowflake = true;
  let windowSize: number | null = null;
  let detail: BenchOptions['detail'] = 'smallest';

  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    if (!FLAGS.has(flag)) throw new BenchUsageError(`unknown option "${flag}"\n\n${BENCH_USAGE}`);
    if (flag === '--help') return 'help';
    if (flag === '--no-snowflake') {
      snowflake = false;
      continue;
    }
    const value = inline ?? argv[++i];
    if (flag === '--sizes') {
      if (!value) throw new BenchUsageError('--sizes needs a list such as 2000,10000');
      sizes = [...new Set(value.split(',').map((part) => wholeNumber('--sizes', part.trim(), CONNECTIONS.min, CONNECTIONS.max)))].sort((a, b) => a - b);
    } else if (flag === '--days') days = wholeNumber(flag, value, DEMO_LIMITS.days.min, DEMO_LIMITS.days.max);
    else if (flag === '--runs') runs = wholeNumber(flag, value, 1, 1000);
    else if (flag === '--warmup') warmup = wholeNumber(flag, value, 0, 100);
    else if (flag === '--side-runs') sideRuns = wholeNumber(flag, value, 1, 100);
    else if (flag === '--loop-sample') loopSample = wholeNumber(flag, value, 1, 10_000);
    else if (flag === '--requests') requests = wholeNumber(flag, value, 0, 100_000);
    else if (flag === '--concurrency') concurrency = wholeNumber(flag, value, 1, 1000);
    else if (flag === '--slack-rounds') slackRounds = wholeNumber(flag, value, 1, 20);
    else if (flag === '--detail') {
      if (value !== 'smallest' && value !== 'all' && value !== 'none') throw new BenchUsageError(`--detail needs smallest, all or none; got ${value === undefined ? 'nothing' : `"${value}"`}`);
      detail = value;
    } else if (flag === '--window-size') windowSize = value === '0' ? 0 : wholeNumber(flag, value, CONNECTIONS.min, CONNECTIONS.max);
  }
  return { sizes, days, runs, warmup, sideRuns, loopSample, requests, concurrency, slackRounds, snowflake, windowSize: windowSize ?? (sizes[0] as number), detail };
}
