import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PulseError } from '../errors/pulseError';
import { generateDemoData, resolveDemoOptions, type DemoDataOptions, type DemoDataSummary } from './generateDemoData';

export class DemoFileExistsError extends PulseError<'PULSE_DEMO_FILE_EXISTS'> {
  constructor(
    readonly file: string,
    options: { cause?: unknown } = {},
  ) {
    super('PULSE_DEMO_FILE_EXISTS', `${file} already exists`, options);
    this.name = 'DemoFileExistsError';
  }
}

export interface PublishOptions {
  /** Replace an existing file (true, the default) or leave it and reject with {@link DemoFileExistsError}. */
  replace?: boolean;
}

/**
 * Writes a complete demo database file. It is built under a temporary name next to the target and
 * moved into place only when finished, so no process ever opens a half-written demo, and two
 * processes creating it at once cannot clobber each other.
 */
export async function writeDemoDatabase(file: string, options: DemoDataOptions = {}, publish: PublishOptions = {}): Promise<DemoDataSummary> {
  resolveDemoOptions(options);
  const target = path.resolve(file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const summary = await buildInto(temporary, options);
    if (publish.replace ?? true) {
      // A write-ahead log left by the old file would be replayed into the new one.
      await fs.rm(`${target}.wal`, { force: true });
      await fs.rename(temporary, target);
    } else {
      await publishExclusively(temporary, target);
    }
    return summary;
  } finally {
    await fs.rm(temporary, { force: true });
    await fs.rm(`${temporary}.wal`, { force: true });
  }
}

async function buildInto(file: string, options: DemoDataOptions): Promise<DemoDataSummary> {
  const instance = await DuckDBInstance.create(file);
  try {
    const connection = await instance.connect();
    try {
      const summary = await generateDemoData(connection, options);
      await connection.run('CHECKPOINT');
      return summary;
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function publishExclusively(temporary: string, target: string): Promise<void> {
  try {
    // link() fails if the target exists: an atomic "create only if absent".
    await fs.link(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new DemoFileExistsError(target, { cause: error });
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    // File systems without hard links: a best effort that is racy only there.
    if (await exists(target)) throw new DemoFileExistsError(target);
    await fs.rename(temporary, target);
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
