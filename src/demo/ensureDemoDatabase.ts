import fs from 'node:fs/promises';
import path from 'node:path';
import type { DemoDataOptions } from './generateDemoData';
import { DemoFileExistsError, writeDemoDatabase } from './writeDemoDatabase';
import type { Logger } from '../log/logger';

export interface EnsuredDemoDatabase {
  /** True when this call wrote the file; false when it was already there. */
  created: boolean;
  path: string;
}

/**
 * Makes sure the embedded warehouse has data: when the DuckDB file does not exist yet, creates its
 * folder and fills a new file with the default demo dataset. An existing file is never touched.
 * `options` is for tests (a fixed `now`, a smaller dataset).
 */
export async function ensureDemoDatabase(file: string, logger: Logger, options: DemoDataOptions = {}): Promise<EnsuredDemoDatabase> {
  const target = path.resolve(file);
  if (await exists(target)) return { created: false, path: target };
  try {
    const summary = await writeDemoDatabase(target, options, { replace: false });
    logger.info(
      { path: target, connections: summary.connections, days: summary.days, logRows: summary.rows.log, observedAt: summary.observedAt },
      'created the DuckDB demo warehouse with generated Fivetran Platform Connector data',
    );
    return { created: true, path: target };
  } catch (error) {
    // Another process created it first: theirs is as good as ours.
    if (error instanceof DemoFileExistsError) return { created: false, path: target };
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
