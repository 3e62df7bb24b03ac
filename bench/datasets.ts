import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoDatabase } from '../src/demo';

/** Every dataset is generated for this instant, and every cycle judged at it, so runs compare. */
export const BENCH_NOW = new Date('2026-06-15T12:00:00.000Z');

export const BENCH_DIR = path.join(os.tmpdir(), 'pulse-bench');

export interface Dataset {
  path: string;
  connections: number;
  days: number;
  logRows: number;
  fileBytes: number;
  /** How long generating it took, or null when a cached file was reused. */
  generatedMs: number | null;
}

interface CachedSummary {
  logRows: number;
}

/**
 * The generator's own source is part of the cache key, so a change to the demo data never
 * benchmarks a stale file.
 */
function generatorFingerprint(): string {
  const folder = path.join(__dirname, '..', 'src', 'demo');
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(folder).sort()) hash.update(name).update(fs.readFileSync(path.join(folder, name)));
  return hash.digest('hex').slice(0, 10);
}

function datasetPath(connections: number, days: number, variant = ''): string {
  const at = BENCH_NOW.toISOString().slice(0, 10);
  return path.join(BENCH_DIR, 'datasets', `c${connections}-d${days}-${at}-${generatorFingerprint()}${variant}.duckdb`);
}

/** A demo warehouse of this size, generated once and reused from the temp folder afterwards. */
export async function ensureDataset(connections: number, days: number): Promise<Dataset> {
  const file = datasetPath(connections, days);
  const summaryFile = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(summaryFile)) {
    const { logRows } = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as CachedSummary;
    return { path: file, connections, days, logRows, fileBytes: fs.statSync(file).size, generatedMs: null };
  }
  const startedAt = performance.now();
  const summary = await writeDemoDatabase(file, { connections, days, now: BENCH_NOW });
  const generatedMs = performance.now() - startedAt;
  fs.writeFileSync(summaryFile, JSON.stringify({ logRows: summary.rows.log } satisfies CachedSummary));
  return { path: file, connections, days, logRows: summary.rows.log, fileBytes: fs.statSync(file).size, generatedMs };
}
