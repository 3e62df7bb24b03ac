import { PassThrough } from 'node:stream';
import { fitLines } from '../views/text/format';
import type { Clock } from '../warehouse/deadline';

/** Where a command writes and what it reads from its environment: the process's, or a test's. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** Where the warehouse's deadlines read time: the system clock unless a test moves one by hand. */
  clock?: Clock;
}

/**
 * Exit codes every command shares: 0 success; 1 alerts fire (`alerts`), Fivetran did not register a
 * webhook (`webhooks setup`) or the file could not be
 * written (`demo-data`); 2 bad input, or the warehouse could not be read.
 */
export type ExitCode = 0 | 1 | 2;

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * The columns text must fit in: COLUMNS when set (a positive whole number), else the terminal's
 * width when stdout is one; none when the output goes to a pipe or a file without COLUMNS, so
 * `| grep` and `> report.txt` keep whole lines.
 */
export function terminalWidth(io: Pick<CliIo, 'env' | 'stdout'>): number | undefined {
  const columns = io.env.COLUMNS?.trim();
  if (columns && /^\d+$/.test(columns) && Number(columns) > 0) return Number(columns);
  return io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : undefined;
}

/** The report as text, every line within the width, or with --json the data alone. */
export function print(io: CliIo, options: { json: boolean; width?: number }, data: unknown, text: () => string): void {
  io.stdout.write(options.json ? `${JSON.stringify(data, null, 2)}\n` : `${fitLines(text().trimEnd(), options.width)}\n`);
}

/** A problem the person can act on, on stderr; the command ends with exit code 2. */
export function fail(io: CliIo, message: string): ExitCode {
  io.stderr.write(`${message}\n`);
  return 2;
}

export interface CapturedIo extends CliIo {
  stdout: PassThrough;
  stderr: PassThrough;
  /** What was written so far. */
  out(): string;
  err(): string;
}

/** Streams that keep what a command writes, for running the CLI in-process (tests, tools). */
export function captureIo(env: Record<string, string | undefined> = {}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout, stderr, env, out: () => out, err: () => err };
}
