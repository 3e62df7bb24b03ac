import { DEMO_LIMITS } from '../src/demo';

/** What one `npm run bench` measures; every field has a default so a plain run finishes in minutes. */
export interface BenchOptions {
  /** Numbers of connections, one dataset each. */
  sizes: number[];
  /** Days of LOG history in each dataset. */
  days: number;
  /** Timed runs of each measurement, after the warm-up runs. */
  runs: number;
  warmup: number;
  /** Also run the cycle through snowflake-sdk against the Snowflake stand-in (smallest size). */
  snowflake: boolean;
  /** Connections in the 30- versus 90-day LOG comparison; 0 skips it. */
  windowSize: number;
}

export class BenchUsageError extends Error {}

export const BENCH_USAGE = `Usage: npm run bench -- [options]
  --sizes 100,1000        connections per dataset (10000 takes ~90 s and ~1 GB to generate once)
  --days 30               days of LOG history per dataset (7 to 90)
  --runs 10               timed runs per measurement
  --warmup 2              untimed runs first
  --window-size N         connections in the 30- vs 90-day LOG comparison (default: min(1000, largest size); 0 skips it)
  --no-snowflake          skip the snowflake-sdk driver path
Datasets are cached under the system temp folder and reused.`;

const CONNECTIONS = DEMO_LIMITS.connections;
const FLAGS = new Set(['--sizes', '--days', '--runs', '--warmup', '--window-size', '--no-snowflake', '--help']);

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || value < min || value > max) {
    throw new BenchUsageError(`${flag} needs a whole number from ${min} to ${max}; got ${text === undefined ? 'nothing' : `"${text}"`}`);
  }
  return value;
}

/** Pure: argv (without node and the script) into options, or a BenchUsageError saying what is wrong. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  let sizes = [100, 1000];
  let days = 30;
  let runs = 10;
  let warmup = 2;
  let snowflake = true;
  let windowSize: number | null = null;

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
      if (!value) throw new BenchUsageError('--sizes needs a list such as 100,1000,10000');
      sizes = [...new Set(value.split(',').map((part) => wholeNumber('--sizes', part.trim(), CONNECTIONS.min, CONNECTIONS.max)))].sort((a, b) => a - b);
    } else if (flag === '--days') days = wholeNumber(flag, value, DEMO_LIMITS.days.min, DEMO_LIMITS.days.max);
    else if (flag === '--runs') runs = wholeNumber(flag, value, 1, 1000);
    else if (flag === '--warmup') warmup = wholeNumber(flag, value, 0, 100);
    else if (flag === '--window-size') windowSize = value === '0' ? 0 : wholeNumber(flag, value, CONNECTIONS.min, CONNECTIONS.max);
  }
  const largest = sizes[sizes.length - 1] as number;
  return { sizes, days, runs, warmup, snowflake, windowSize: windowSize ?? Math.min(1000, largest) };
}
