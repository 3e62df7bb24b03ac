import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDemoDatabase, type DemoDataOptions } from '../../src/demo';

/** The instant every demo file in the tests is generated at, so `--at` makes runs reproducible. */
export const DEMO_NOW = new Date('2026-11-20T09:00:00.000Z');

/** A real demo DuckDB file in a temporary folder; `remove()` deletes the folder. */
export async function makeDemoFile(options: DemoDataOptions = {}): Promise<{ path: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-demo-'));
  const path = join(dir, 'pulse.duckdb');
  await writeDemoDatabase(path, { now: DEMO_NOW, ...options });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
