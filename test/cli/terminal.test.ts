import { spawnSync } from 'node:child_process';
import { ensureBuiltCli } from '../support/builtCli';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { newUserEnv } from '../support/pulseProcess';

/** The built CLI as a person runs it in a terminal, against a real demo DuckDB file. */

let cli: string;
let demo: Awaited<ReturnType<typeof makeDemoFile>>;
const AT = ['--at', DEMO_NOW.toISOString()];

beforeAll(async () => {
  cli = await ensureBuiltCli();
  demo = await makeDemoFile();
});
afterAll(() => demo.remove());

function run(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { env: newUserEnv({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent', TZ: 'UTC', ...env }), encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a terminal shows of a line: characters, not UTF-16 units, without colour codes. */
// eslint-disable-next-line no-control-regex -- ESC (\u001b) opens every ANSI colour code
const visible = (line: string) => [...line.replace(/\u001b\[[0-9;]*m/g, '')].length;

/** A text table's cells by the header's column starts, from its header line to the first blank line. */
function tableOf(text: string, firstHeader: string): Array<Record<string, string>> {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith(firstHeader));
  if (at < 0) throw new Error(`no table headed ${firstHeader} in:\n${text}`);
  const header = lines[at] as string;
  const starts = [...header.matchAll(/\S+( \S+)*/g)].map((m) => ({ name: m[0], start: m.index }));
  const rows: Array<Record<string, string>> = [];
  for (const line of lines.slice(at + 2)) {
    if (line.trim() === '' || line.startsWith('(')) break;
    const chars = [...line];
    rows.push(Object.fromEntries(starts.map((column, i) => [column.name, chars.slice(column.start, starts[i + 1]?.start ?? chars.length).join('').trim()])));
  }
  return rows;
}

const COMMANDS = [
  ['status'],
  ['status', 'hubspot_acme'],
  ['tenant', 'acme'],
  ['alerts'],
  ['errors'],
  ['errors', 'globex_postgres'],
  ['syncs'],
  ['syncs', 'globex_postgres'],
  ['schema-changes'],
  ['mar'],
  ['check'],
  ['analyze'],
  ['api-calls'],
  ['help'],
];

describe('text fits the terminal', () => {
  it.each([[60], [200]])('keeps every line of every report within COLUMNS=%i', (width) => {
    for (const command of COMMANDS) {
      const { code, stdout } = run([...command, ...AT], { COLUMNS: String(width) });
      expect({ command, code: code === 0 || code === 1 }).toEqual({ command, code: true });
      const tooLong = stdout.split('\n').filter((line) => visible(line) > width);
      expect({ command, tooLong }).toEqual({ command, tooLong: [] });
    }
  });

  it('drops and cuts the least important columns first, marks every cut, and says what it left out', () => {
    const wide = run(['status', ...AT]).stdout;
    const narrow = run(['status', ...AT], { COLUMNS: '60' }).stdout;
    const full = tableOf(wide, 'CONNECTION');
    const fitted = tableOf(narrow, 'CONNECTION');
    expect(Object.keys(fitted[0] ?? {})).toEqual(['CONNECTION', 'HEALTH', 'ALERTS']);
    expect(narrow).toMatch(/\(not shown for the width: id, tenant, type, last success/);
    expect(fitted).toHaveLength(full.length);
    let cut = 0;
    fitted.forEach((row, i) => {
      for (const [column, text] of Object.entries(row)) {
        const whole = (full[i] as Record<string, string>)[column] as string;
        if (text === whole) continue;
        // Never cut mid-way without a mark: a shortened cell ends with an ellipsis and begins as the whole one does.
        cut += 1;
        expect({ column, text, endsWithEllipsis: text.endsWith('…'), prefix: whole.startsWith(text.slice(0, -1).trimEnd()) }).toEqual({ column, text, endsWithEllipsis: true, prefix: true });
      }
    });
    expect(cut).toBeGreaterThan(0);
  });

  it('shows the whole table at 200 columns, and keeps whole lines in a pipe without COLUMNS', () => {
    const wide = run(['status', ...AT], { COLUMNS: '200' }).stdout;
    expect(Object.keys(tableOf(wide, 'CONNECTION')[0] ?? {})).toEqual(['CONNECTION', 'ID', 'TENANT', 'TYPE', 'HEALTH', 'ALERTS', 'LAST SUCCESS', 'LAST SYNC', 'RUNNING SINCE', 'EVERY']);
    expect(wide).not.toContain('not shown for the width');
    const piped = run(['alerts', ...AT]).stdout;
    expect(Math.max(...piped.split('\n').map(visible))).toBeGreaterThan(200);
  });
});

describe('times in a chosen zone', () => {
  interface JsonAlert {
    rule: string;
    connectionId: string;
    since: string;
  }
  const sinceOf = (alerts: JsonAlert[], rule: string, connectionId: string) => {
    const found = alerts.find((a) => a.rule === rule && a.connectionId === connectionId);
    if (!found) throw new Error(`no ${rule} alert on ${connectionId}`);
    return found.since;
  };
  /** The instant as that fixed offset reads it: "2026-11-19 18:43". */
  const shifted = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);

  it('shows every time in --tz with its abbreviation, gives a day to times not today there, and keeps JSON in UTC', () => {
    const json = run(['alerts', '--json', ...AT]);
    const alerts = (JSON.parse(json.stdout) as { alerts: JsonAlert[] }).alerts;
    // Late last night in UTC (the day before DEMO_NOW), and early this morning.
    const lastNight = sinceOf(alerts, 'sync_failed', 'cobalt_delta');
    const early = sinceOf(alerts, 'sync_running_long', 'gentle_comet');
    expect(lastNight.slice(0, 10)).toBe('2026-11-19');
    expect(early.slice(0, 10)).toBe('2026-11-20');

    const utc = run(['alerts', ...AT, '--tz', 'UTC']).stdout;
    expect(utc).toContain(`since ${shifted(lastNight, 0)} UTC`);
    expect(utc).toContain(`since ${shifted(early, 0).slice(11)} UTC (`);

    // New York (EST, UTC-5 in November): both were yesterday there.
    const newYork = run(['alerts', ...AT, '--tz', 'America/New_York']).stdout;
    expect(newYork).toContain(`since ${shifted(lastNight, -5)} EST`);
    expect(newYork).toContain(`since ${shifted(early, -5)} EST`);
    expect(newYork).not.toMatch(/\bUTC\b/);

    // The data's own instants stay ISO-8601 UTC whatever the zone.
    expect(run(['alerts', '--json', ...AT, '--tz', 'America/New_York']).stdout).toBe(json.stdout);
  });

  it('reads PULSE_TIMEZONE, lets --tz override it, and defaults to the machine zone', () => {
    const loaded = (stdout: string) => /Monitoring data loaded .* \((.*)\)\./.exec(stdout)?.[1];
    const utc = loaded(run(['status', ...AT]).stdout) as string;
    expect(utc).toMatch(/^2026-11-20 \d\d:\d\d UTC$/);
    const kolkata = loaded(run(['status', ...AT], { PULSE_TIMEZONE: 'Asia/Kolkata' }).stdout);
    expect(kolkata).toBe(`${shifted(`${utc.slice(0, 16).replace(' ', 'T')}:00Z`, 5.5)} IST`);
    expect(loaded(run(['status', ...AT, '--tz', 'UTC'], { PULSE_TIMEZONE: 'Asia/Kolkata' }).stdout)).toBe(utc);
    expect(loaded(run(['status', ...AT], { TZ: 'Asia/Kolkata' }).stdout)).toBe(kolkata);
  });

  it('refuses a zone it does not know, naming the flag or the variable', () => {
    const flag = run(['status', ...AT, '--tz', 'Europe/Berln']);
    expect(flag).toMatchObject({ code: 2, stdout: '' });
    expect(flag.stderr).toMatch(/^--tz expects an IANA time zone such as Europe\/Berlin, America\/New_York or UTC; got "Europe\/Berln"\. Did you mean Europe\/Berlin/);
    const variable = run(['status', ...AT], { PULSE_TIMEZONE: 'Mars/Base' });
    expect(variable).toMatchObject({ code: 2, stdout: '' });
    expect(variable.stderr).toContain('PULSE_TIMEZONE: expected an IANA time zone such as UTC or Europe/Berlin; got "Mars/Base"');
  });
});

describe('--tenant', () => {
  it('answers a tenant it does not know with the close names on every command that takes it, or the list of tenants', () => {
    for (const command of ['status', 'alerts', 'errors', 'syncs', 'schema-changes', 'mar', 'analyze']) {
      const close = run([command, '--tenant', 'acm', ...AT]);
      expect({ command, code: close.code, stdout: close.stdout, stderr: close.stderr }).toEqual({ command, code: 2, stdout: '', stderr: 'Unknown tenant "acm". Did you mean acme, acme_eu?\n' });
    }
    expect(run(['status', '--tenant', 'nosuch', ...AT]).stderr).toBe('Unknown tenant "nosuch". Tenants: acme, acme_eu, globex, initech\n');
  });
});

describe('sparklines', () => {
  const blocks = (text: string, title: RegExp) => {
    const lines = text.split('\n');
    const at = lines.findIndex((line) => title.test(line));
    if (at < 0) throw new Error(`no ${String(title)} in:\n${text}`);
    // The title may wrap; the blocks are on the first line made of them.
    return (lines.slice(at + 1).find((line) => /^ {2}[▁▂▃▄▅▆▇█ ]+$/.test(line)) ?? '').trim();
  };

  it('draws MAR by day for the account and for a tenant, from the same series as --json', () => {
    for (const scope of [[], ['--tenant', 'globex']]) {
      const json = JSON.parse(run(['mar', '--json', ...scope, ...AT]).stdout) as { byDay: Array<{ day: string; rows: number }> };
      expect(json.byDay).toHaveLength(30);
      expect(json.byDay.at(-1)?.day).toBe('2026-11-20');
      const text = run(['mar', ...scope, ...AT]).stdout;
      const line = blocks(text, /^MAR by day/);
      expect([...line]).toHaveLength(30);
      // The busiest day is the full block, where the series says.
      const busiest = json.byDay.reduce((best, d) => (d.rows > best.rows ? d : best));
      expect([...line][json.byDay.indexOf(busiest)]).toBe('█');
      expect(text).toContain(`busiest ${busiest.day}`);
    }
    expect(run(['mar', '--tenant', 'globex', ...AT]).stdout).toMatch(/MAR by day, tenant globex, 2026-10-22 to 2026-11-20 \(UTC days\)/);
  });

  it("draws a connection's sync durations within the width, with the shortest, median and longest", () => {
    const json = JSON.parse(run(['syncs', 'globex_postgres', '--json', ...AT]).stdout) as { durations: Array<{ seconds: number }> };
    expect(json.durations.length).toBeGreaterThan(60);
    const text = run(['syncs', 'globex_postgres', ...AT], { COLUMNS: '60' }).stdout;
    const line = blocks(text, /^Sync durations/);
    expect([...line].length).toBe(58);
    expect(text).toContain(`${json.durations.length} syncs: shortest`);
    expect(run(['syncs', ...AT]).stdout).not.toContain('Sync durations');
  });
});
