import { closeMatches } from '../text/closeMatches';
import type { Config } from '../config/loadConfig';
import { timeZoneNamed, UTC, type TimeZone } from '../time/timeZone';
import type { TextOptions } from '../views/text/format';
import { BadInput } from './badInput';
import { terminalWidth, type CliIo } from './io';

/** The options every warehouse command accepts, as parseArgs reads them and the help lists them. */
export const OPTIONS = {
  json: { type: 'boolean', usage: '--json', summary: 'machine-readable output on stdout' },
  at: { type: 'string', usage: '--at <ISO time>', summary: 'evaluate as of that instant (reproducible runs)' },
  tenant: { type: 'string', usage: '--tenant <tenant_id>', summary: "only that tenant's connections" },
  days: { type: 'string', usage: '--days <N>', summary: 'the period of analyze and api-calls (default 30 and 14)' },
  tz: { type: 'string', usage: '--tz <zone>', summary: "times in that IANA zone, e.g. Europe/Berlin (default PULSE_TIMEZONE, else this machine's)" },
  color: { type: 'boolean', usage: '--color', summary: 'colours even when stdout is not a terminal' },
  'no-color': { type: 'boolean', usage: '--no-color', summary: 'no colours (as NO_COLOR does)' },
  help: { type: 'boolean', short: 'h', usage: '--help', summary: 'this text' },
} as const satisfies Record<string, { type: 'boolean' | 'string'; short?: string; usage: string; summary: string }>;

export type OptionValues = Partial<Record<keyof typeof OPTIONS, string | boolean>>;

/** Options only some commands take: --tenant (whose connections) and --days (the period). */
export const SCOPE_OPTIONS = ['tenant', 'days'] as const;
export type ScopeOption = (typeof SCOPE_OPTIONS)[number];

export interface CliOptions {
  json: boolean;
  at?: Date;
  tenant?: string;
  days?: number;
  color: boolean;
  /** --tz; the configuration's or the machine's zone otherwise (see textOptions). */
  timeZone?: TimeZone;
  /** Columns text lines must fit in: COLUMNS, else the terminal's; none when piped without COLUMNS. */
  width?: number;
}

/** The options as commands use them; a value a person can fix is a BadInput. */
export function parseOptions(values: OptionValues, io: CliIo): CliOptions {
  const options: CliOptions = { json: values.json === true, color: values['no-color'] ? false : values.color === true || (io.stdout.isTTY === true && !io.env.NO_COLOR) };
  const width = terminalWidth(io);
  if (width !== undefined) options.width = width;
  if (typeof values.at === 'string') {
    const at = new Date(values.at);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.at) || Number.isNaN(at.getTime())) throw new BadInput(`--at expects an ISO time such as 2026-11-26T08:00:00Z; got "${values.at}"`);
    options.at = at;
  }
  if (typeof values.tenant === 'string') {
    if (values.tenant.trim() === '') throw new BadInput('--tenant expects a tenant id');
    options.tenant = values.tenant.trim();
  }
  if (typeof values.days === 'string') {
    if (!/^\d+$/.test(values.days) || Number(values.days) < 1 || Number(values.days) > 365) throw new BadInput(`--days expects a whole number from 1 to 365; got "${values.days}"`);
    options.days = Number(values.days);
  }
  if (typeof values.tz === 'string') options.timeZone = parseTimeZone(values.tz);
  return options;
}

function parseTimeZone(input: string): TimeZone {
  const zone = timeZoneNamed(input);
  if (zone !== null) return zone;
  const suggestions = closeMatches(input.trim(), Intl.supportedValuesOf('timeZone'));
  throw new BadInput(`--tz expects an IANA time zone such as Europe/Berlin, America/New_York or UTC; got "${input}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''}`);
}

/** The instant a report is made as of: --at, or now. */
export const nowOf = (options: CliOptions): Date => options.at ?? new Date();

/** The zone this machine shows times in (TZ, or the system's setting); UTC when it cannot tell. */
export const machineTimeZone = (): TimeZone => timeZoneNamed(Intl.DateTimeFormat().resolvedOptions().timeZone ?? '') ?? UTC;

/**
 * How a text report looks: as of --at or now, coloured or not, times in --tz, else
 * PULSE_TIMEZONE, else the machine's zone (as Slack shows each reader their own), within the width.
 */
export function textOptions(options: CliOptions, config: Pick<Config, 'display'>): TextOptions {
  return {
    now: nowOf(options),
    color: options.color,
    timeZone: options.timeZone ?? config.display.timeZone ?? machineTimeZone(),
    ...(options.width !== undefined ? { width: options.width } : {}),
  };
}

/** The period a report covers: the --days (or `defaultDays`) before --at or now. */
export function periodOf(options: CliOptions, defaultDays: number): { from: Date; to: Date } {
  const to = nowOf(options);
  return { from: new Date(to.getTime() - (options.days ?? defaultDays) * 86_400_000), to };
}
