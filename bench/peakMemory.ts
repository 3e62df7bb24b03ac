import { execFile } from 'node:child_process';
import path from 'node:path';
import { detectSchemaNaming } from '../src/fivetran/detectSchemaNaming';
import { readSnapshot } from '../src/fivetran/readSnapshot';
import { DEMO_SCHEMA } from '../src/demo';
import { createLogger } from '../src/log/logger';
import { createDuckDbWarehouse } from '../src/warehouse/duckdb';
import { DEFAULT_DUCKDB_MEMORY_LIMIT } from '../src/config/duckdbMemoryLimit';
import { quickstartConnectionStatusSql } from './quickstartStatus';

/** What a fresh process's peak memory is measured for: one full read, or the Quickstart logic once. */
export type PeakMemoryRead = 'fullRead' | 'quickstart';

/**
 * The peak resident memory of a process that opens the file and does one read, the embedded
 * DuckDB's memory included: measured in a child process of its own, so nothing the benchmark did
 * before counts.
 */
export function measurePeakMemory(file: string, read: PeakMemoryRead, at: Date): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(__dirname, 'peakMemory.ts'), file, read, at.toISOString()], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) return reject(new Error(`the peak-memory process failed: ${error.message}`));
      const { maxRssBytes } = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { maxRssBytes: number };
      resolve(maxRssBytes);
    });
  });
}

async function child(file: string, read: PeakMemoryRead, at: Date): Promise<void> {
  // The app's memory limit for both reads, so their peaks compare on the same engine settings.
  const warehouse = createDuckDbWarehouse({ path: file, queryTimeoutSeconds: 600, logger: createLogger({ level: 'warn', format: 'json' }), memoryLimit: DEFAULT_DUCKDB_MEMORY_LIMIT });
  try {
    const naming = await detectSchemaNaming(warehouse, DEMO_SCHEMA);
    if (read === 'fullRead') await readSnapshot(warehouse, naming, { at });
    else await warehouse.query(quickstartConnectionStatusSql(naming, at), [], { tag: 'bench:quickstart-connection-status' });
  } finally {
    await warehouse.close();
  }
  // ru_maxrss is in kilobytes on Linux.
  process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

if (require.main === module) {
  const [file, read, at] = process.argv.slice(2);
  child(file as string, read as PeakMemoryRead, new Date(at as string)).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
