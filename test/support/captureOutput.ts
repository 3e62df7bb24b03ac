import { PassThrough } from 'node:stream';

export interface Captured {
  stdout: PassThrough;
  stderr: PassThrough;
  out(): string;
  err(): string;
}

/** Two streams a CLI command writes to, and what it wrote, for tests that run the CLI in-process. */
export function captureOutput(): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout, stderr, out: () => out, err: () => err };
}
