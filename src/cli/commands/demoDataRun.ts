import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEMO_DEFAULTS,
  DEMO_LIMITS,
  DEMO_SCENARIOS,
  DemoFileExistsError,
  DemoOptionsError,
  writeDemoDatabase,
  type DemoDataOptions,
} from '../../demo';
import { TENANTS } from '../../demo/catalog';
import { messageOf } from '../../errors/messageOf';
import { formatCount } from '../../views/vocabulary/counts';
import { BadInput } from '../badInput';
import type { CliIo, ExitCode } from '../io';

/** The help of demo-data, under its usage line (which the command table makes). */
const demoDataUsage = (usageLine: string) => `${usageLine}

Writes a DuckDB database with generated Fivetran Platform Connector data (FIVETRAN_LOG) and a
tenants table (PUBLIC.TENANTS). The first ${DEMO_SCENARIOS.length} connections are staged scenarios: every health
state and alert rule; the rest are ordinary connections. Point DUCKDB_PATH at the file to use it.

Options
  --out FILE          the database file to write (its folder is created)
  --connections N     connections in total, scenarios included (${DEMO_LIMITS.connections.min}-${DEMO_LIMITS.connections.max}, default ${DEMO_DEFAULTS.connections})
  --days D            days of LOG history (${DEMO_LIMITS.days.min}-${DEMO_LIMITS.days.max}, default ${DEMO_DEFAULTS.days})
  --seed S            random seed; the same options give the same data (default ${DEMO_DEFAULTS.seed})
  --now ISO           the time the data is generated for (default: now)
  --naming NAMING     current (CONNECTION, connection_id) or legacy (CONNECTOR, connector_id); default current
  --stale-hours H     make the monitoring data H hours old (default 0: fresh)
  --force             replace FILE if it exists
  --help              this text`;

/** `demo-data`: exit 0 written, 1 the write failed, 2 bad input (including an existing file without --force). */
export async function runDemoData(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>, usageLine: string): Promise<ExitCode> {
  let parsed: { out: string; force: boolean; options: DemoDataOptions } | 'help';
  try {
    parsed = parseDemoDataArgs(argv);
  } catch (error) {
    if (error instanceof BadInput || error instanceof DemoOptionsError) {
      io.stderr.write(`demo-data: ${error.message}\n\n${demoDataUsage(usageLine)}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed === 'help') {
    io.stdout.write(`${demoDataUsage(usageLine)}\n`);
    return 0;
  }

  const { out, force, options } = parsed;
  const target = path.resolve(out);
  if (!force && fs.existsSync(target)) {
    io.stderr.write(`demo-data: ${target} already exists; pass --force to replace it\n`);
    return 2;
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    io.stderr.write(`demo-data: ${target} is a folder; --out needs a file name\n`);
    return 2;
  }

  const startedAt = Date.now();
  try {
    const summary = await writeDemoDatabase(target, options, { replace: force });
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    io.stdout.write(
      `Wrote ${target} in ${seconds} s\n` +
        `  ${formatCount(summary.connections)} connections (the first ${DEMO_SCENARIOS.length} are staged scenarios), ${summary.days} days, ${summary.naming} naming, seed ${summary.seed}\n` +
        `  FIVETRAN_LOG.LOG: ${formatCount(summary.rows.log)} rows; INCREMENTAL_MAR: ${formatCount(summary.rows.incrementalMar)} rows; PUBLIC.TENANTS: ${TENANTS.length} tenants\n` +
        `  generated for ${summary.now}; the Platform connection last loaded at ${summary.observedAt}\n` +
        `Use it with DUCKDB_PATH=${out}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DemoFileExistsError) {
      io.stderr.write(`demo-data: ${target} already exists; pass --force to replace it\n`);
      return 2;
    }
    io.stderr.write(`demo-data: could not write ${target}: ${messageOf(error)}\n`);
    return 1;
  }
}

function parseDemoDataArgs(argv: string[]): { out: string; force: boolean; options: DemoDataOptions } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        out: { type: 'string' },
        connections: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        naming: { type: 'string' },
        'stale-hours': { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new BadInput(messageOf(error), { cause: error });
  }
  if (values.help) return 'help';
  if (!values.out || values.out.trim() === '') throw new BadInput('--out FILE is required');

  const options: DemoDataOptions = {};
  if (values.connections !== undefined) options.connections = wholeNumber('--connections', values.connections, DEMO_LIMITS.connections);
  if (values.days !== undefined) options.days = wholeNumber('--days', values.days, DEMO_LIMITS.days);
  if (values.seed !== undefined) options.seed = wholeNumber('--seed', values.seed, DEMO_LIMITS.seed);
  if (values['stale-hours'] !== undefined) {
    const raw = values['stale-hours'].trim();
    const hours = Number(raw);
    const { min, max } = DEMO_LIMITS.staleHours;
    if (!/^\d+(\.\d+)?$/.test(raw) || hours < min || hours > max) throw new BadInput(`--stale-hours expects hours from ${min} to ${max}; got "${values['stale-hours']}"`);
    options.staleHours = hours;
  }
  if (values.now !== undefined) {
    const now = new Date(values.now);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.now.trim()) || Number.isNaN(now.getTime())) {
      throw new BadInput(`--now expects an ISO time such as 2026-03-10T12:00:00Z; got "${values.now}"`);
    }
    options.now = now;
  }
  if (values.naming !== undefined) {
    if (values.naming !== 'current' && values.naming !== 'legacy') throw new BadInput(`--naming expects current or legacy; got "${values.naming}"`);
    options.naming = values.naming;
  }
  return { out: values.out, force: values.force ?? false, options };
}

function wholeNumber(flag: string, raw: string, limits: { min: number; max: number }): number {
  const trimmed = raw.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < limits.min || value > limits.max) {
    throw new BadInput(`${flag} expects a whole number from ${limits.min} to ${limits.max}; got "${raw}"`);
  }
  return value;
}
