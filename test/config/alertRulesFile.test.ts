import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';
import { EMPTY_RULES } from '../../src/config/loadAlertRules';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';
import { attemptStart, freePort, newUserEnv } from '../support/pulseProcess';

/**
 * ALERT_RULES_FILE is configuration: read and checked with the environment at start-up, so a bad
 * file stops Pulse with the variable named, before the warehouse is opened, like every other
 * configuration error.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pulse-rules-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rulesFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig reads ALERT_RULES_FILE', () => {
  it('gives the rules of a good file, and the defaults without one', () => {
    const file = rulesFile('good.json', JSON.stringify({ defaults: { syncDelayedFactor: 3 }, connections: { calendar_elected: { disabled: ['frequent_errors'] } } }));
    expect(loadConfig({ ALERT_RULES_FILE: file }).alertRules).toEqual({
      defaults: { syncDelayedFactor: 3 },
      tenants: {},
      connections: { calendar_elected: { disabled: ['frequent_errors'] } },
    });
    expect(loadConfig({}).alertRules).toEqual(EMPTY_RULES);
  });

  it('names ALERT_RULES_FILE for a file that is missing, not JSON, or not rules, beside every other problem', () => {
    const missing = path.join(dir, 'nowhere.json');
    expect(problemsOf({ ALERT_RULES_FILE: missing }).problems).toEqual([
      { variable: 'ALERT_RULES_FILE', expected: 'a readable JSON file of alert rules', got: expect.stringMatching(new RegExp(`^${JSON.stringify(missing)}, which cannot be read \\(ENOENT`)) },
    ]);
    expect(problemsOf({ ALERT_RULES_FILE: rulesFile('broken.json', '{ "defaults": ') }).problems[0]?.got).toMatch(/, which is not JSON \(/);
    const wrong = problemsOf({ ALERT_RULES_FILE: rulesFile('wrong.json', JSON.stringify({ defaults: { syncDelayedFactor: -1 }, tenant: {} })), PORT: 'eighty' });
    expect(wrong.problems.map((p) => p.variable)).toEqual(['PORT', 'ALERT_RULES_FILE']);
    expect(wrong.problems[1]?.got).toMatch(/with 2 problems: .*defaults\.syncDelayedFactor: .*; .*tenant/);
  });

  it('checks syncFailedAfter and mention at start-up like every other key', () => {
    const good = { defaults: { syncFailedAfter: 3, mention: { critical: '<!subteam^S0OPS>', warning: null } }, tenants: { acme: { mention: { warning: '<@U0ACME>' } } } };
    expect(loadConfig({ ALERT_RULES_FILE: rulesFile('mentions.json', JSON.stringify(good)) }).alertRules).toEqual({ ...good, connections: {} });
    const bad = problemsOf({ ALERT_RULES_FILE: rulesFile('bad-mentions.json', JSON.stringify({ defaults: { syncFailedAfter: 11, mention: { critical: '<!channel>' } } })) });
    expect(bad.problems.map((p) => p.variable)).toEqual(['ALERT_RULES_FILE']);
    expect(bad.problems[0]?.got).toMatch(/with 2 problems: defaults\.syncFailedAfter: .*; defaults\.mention\.critical: a Slack mention of a user group/);
  });

  it('reads the file the way it is given, so tests need no file', () => {
    const config = loadConfig({ ALERT_RULES_FILE: 'rules.json' }, (file) => (file === 'rules.json' ? '{"tenants":{"acme":{"frequentErrorsCount":10}}}' : ''));
    expect(config.alertRules.tenants).toEqual({ acme: { frequentErrorsCount: 10 } });
  });
});

describe('the CLI with ALERT_RULES_FILE', () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  beforeAll(async () => {
    demo = await makeDemoFile();
  });
  afterAll(() => demo.remove());

  async function cli(args: string[], env: Record<string, string>) {
    const io = captureIo({ DUCKDB_PATH: demo.path, LOG_LEVEL: 'silent', ...env });
    const code = await runCli(args, io);
    return { code, stdout: io.out(), stderr: io.err() };
  }

  it('stops with exit 2 and the variable named when the file is bad', async () => {
    const file = rulesFile('cli-bad.json', '{ not json');
    const run = await cli(['status', '--at', DEMO_NOW.toISOString()], { ALERT_RULES_FILE: file });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(new RegExp(`^Pulse cannot start: 1 configuration problem\\n  - ALERT_RULES_FILE: expected a readable JSON file of alert rules; got ${JSON.stringify(file).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, which is not JSON \\(`));
  });

  it('judges with the rules of a good file', async () => {
    const at = ['--at', DEMO_NOW.toISOString(), '--json'];
    const rules = (await cli(['alerts', ...at], {})).stdout;
    expect(rules).toContain('"rule": "sync_failed"');
    const file = rulesFile('cli-good.json', JSON.stringify({ defaults: { disabled: ['sync_failed'] } }));
    const run = await cli(['alerts', ...at], { ALERT_RULES_FILE: file });
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('"rule": "sync_failed"');
  });
});

describe('npm start with a bad ALERT_RULES_FILE', () => {
  const STARTUP_MS = 120_000;

  it('stops with the variable named before it opens or creates anything', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'pulse-rules-start-'));
    const file = rulesFile('server-bad.json', JSON.stringify({ defaults: { frequentErrorsCount: 0 } }));
    const env = newUserEnv({ ALERT_RULES_FILE: file, PORT: String(await freePort()), PREVIEW_PORT: String(await freePort()), LOG_FORMAT: 'json' });
    try {
      const run = await attemptStart(env, { cwd: home, timeoutMs: STARTUP_MS });
      expect({ outcome: run.outcome, exit: run.exit }).toEqual({ outcome: 'stopped', exit: { code: 1, signal: null } });
      expect(run.output).toContain(
        'Pulse cannot start: 1 configuration problem\n' +
          `  - ALERT_RULES_FILE: expected alert rules as the README describes them ("defaults", "tenants", "connections"); got ${JSON.stringify(file)} with 1 problem: defaults.frequentErrorsCount:`,
      );
      // Stopped before the default DuckDB demo was made in its folder.
      expect(readdirSync(home)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, STARTUP_MS + 10_000);
});
