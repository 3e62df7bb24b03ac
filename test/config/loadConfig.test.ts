import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';
import { envSchema } from '../../src/config/schema';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts on the demo warehouse with the local preview when nothing is set', () => {
    const config = loadConfig({});
    expect(config.warehouse).toEqual({ kind: 'duckdb', queryTimeoutSeconds: 60, duckdbPath: './data/pulse.duckdb', duckdbMemoryLimit: '1GB', createDemo: true, demo: null, snowflake: null });
    expect(config.fivetranSchema).toBe('FIVETRAN_LOG');
    expect(config.tenantsTable).toBe('PUBLIC.TENANTS');
    expect(config.slack.credentials).toBeNull();
    expect(config.slack.port).toBe(3000);
    expect(config.schedule).toEqual({ enabled: true, timezone: 'UTC', dashboardCron: '0 8 * * *', alertsCron: '0 * * * *' });
    expect(config.alerts).toEqual({ repeatHours: 24, groupThreshold: 5, reopenWithinMinutes: 60, mention: null, deliveryOverdueMinutes: 30 });
    expect(config.log.format).toBe('pretty');
  });

  it('reads the deadline on Slack calls, 10 s by default, naming a bad value', () => {
    expect(loadConfig({}).slack.callTimeoutSeconds).toBe(10);
    expect(loadConfig({ SLACK_CALL_TIMEOUT_SECONDS: '30' }).slack.callTimeoutSeconds).toBe(30);
    expect(problemsOf({ SLACK_CALL_TIMEOUT_SECONDS: '0' }).problems).toEqual([expect.objectContaining({ variable: 'SLACK_CALL_TIMEOUT_SECONDS', expected: 'a whole number from 1 to 30' })]);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', WAREHOUSE: '  ' }).slack.port).toBe(3000);
  });

  it('lists every problem at once, naming the variable, what it expects and what it got', () => {
    const error = problemsOf({ PORT: 'eighty', WAREHOUSE: 'oracle', SCHEDULE_TIMEZONE: 'Mars/Base', DASHBOARD_CRON: 'every morning', FIVETRAN_SCHEMA: 'x; drop table y' });
    const byVariable = Object.fromEntries(error.problems.map((p) => [p.variable, p]));
    expect(Object.keys(byVariable).sort()).toEqual(['DASHBOARD_CRON', 'FIVETRAN_SCHEMA', 'PORT', 'SCHEDULE_TIMEZONE', 'WAREHOUSE']);
    expect(byVariable.PORT).toEqual({ variable: 'PORT', expected: 'a whole number from 1 to 65535', got: '"eighty"' });
    expect(byVariable.WAREHOUSE?.expected).toBe('one of duckdb, snowflake');
    expect(byVariable.SCHEDULE_TIMEZONE?.expected).toMatch(/IANA time zone/);
    expect(error.message).toMatch(/5 configuration problems/);
    expect(error.message).toContain('PORT: expected a whole number from 1 to 65535; got "eighty"');
  });

  it('reads who alerts mention and how long a resolved incident may reopen, naming a bad value', () => {
    const config = loadConfig({ ALERT_MENTION: '<!subteam^S0123ABCD> <@U0ONCALL>', ALERT_REOPEN_WITHIN_MINUTES: '0' });
    expect(config.alerts).toMatchObject({ mention: '<!subteam^S0123ABCD> <@U0ONCALL>', reopenWithinMinutes: 0 });
    for (const bad of ['@data-oncall', '<!here>', '<!channel>', '<https://evil.example|click>', '<!subteam^S1> and more']) {
      expect(problemsOf({ ALERT_MENTION: bad }).problems).toEqual([expect.objectContaining({ variable: 'ALERT_MENTION', expected: expect.stringMatching(/user group <!subteam\^S0123ABCD>/) })]);
    }
    expect(problemsOf({ ALERT_REOPEN_WITHIN_MINUTES: '-5' }).problems).toEqual([expect.objectContaining({ variable: 'ALERT_REOPEN_WITHIN_MINUTES', expected: 'a whole number from 0 to 2880' })]);
  });

  it('reads after how many minutes a pending alert delivery is an error, naming a bad value', () => {
    expect(loadConfig({}).alerts.deliveryOverdueMinutes).toBe(30);
    expect(loadConfig({ ALERT_DELIVERY_OVERDUE_MINUTES: '90' }).alerts.deliveryOverdueMinutes).toBe(90);
    expect(problemsOf({ ALERT_DELIVERY_OVERDUE_MINUTES: 'soon' }).problems).toEqual([
      expect.objectContaining({ variable: 'ALERT_DELIVERY_OVERDUE_MINUTES', expected: 'a whole number from 5 to 1440' }),
    ]);
  });

  it('never shows a secret value in an error', () => {
    const error = problemsOf({ SLACK_BOT_TOKEN: 'xoxp-not-a-bot-token-secret', SLACK_SIGNING_SECRET: 'abc' });
    expect(error.message).not.toContain('xoxp-not-a-bot-token-secret');
    expect(error.message).not.toContain('abc"');
    expect(error.message).toContain('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-; got a value of 27 characters (hidden)');
  });

  it('requires the Snowflake settings and exactly one way to authenticate for WAREHOUSE=snowflake', () => {
    const error = problemsOf({ WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'org-acct' });
    const variables = error.problems.map((p) => p.variable);
    expect(variables).toEqual(expect.arrayContaining(['SNOWFLAKE_USER', 'SNOWFLAKE_WAREHOUSE', 'SNOWFLAKE_DATABASE', 'SNOWFLAKE_PASSWORD / SNOWFLAKE_PRIVATE_KEY / SNOWFLAKE_PRIVATE_KEY_PATH']));
    expect(variables).not.toContain('SNOWFLAKE_ACCOUNT');

    const both = problemsOf({ WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'a', SNOWFLAKE_USER: 'u', SNOWFLAKE_WAREHOUSE: 'w', SNOWFLAKE_DATABASE: 'd', SNOWFLAKE_PASSWORD: 'p', SNOWFLAKE_PRIVATE_KEY_PATH: '/k.p8' });
    expect(both.problems[0]?.got).toBe('SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY_PATH all set');
  });

  it('reads a key-pair PEM with literal \\n sequences as a multi-line key', () => {
    const config = loadConfig({
      WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'org-acct', SNOWFLAKE_USER: 'PULSE', SNOWFLAKE_WAREHOUSE: 'WH', SNOWFLAKE_DATABASE: 'DB',
      SNOWFLAKE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----', SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'pw',
      SNOWFLAKE_ACCESS_URL: 'http://127.0.0.1:8080',
    });
    expect(config.warehouse.snowflake).toEqual({
      account: 'org-acct', username: 'PULSE', warehouse: 'WH', database: 'DB', accessUrl: 'http://127.0.0.1:8080',
      auth: { kind: 'keyPair', privateKey: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----', passphrase: 'pw' },
    });
  });

  it('needs both Slack credentials together, and a bot token for Socket Mode', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' }).problems.map((p) => p.variable)).toEqual(['SLACK_SIGNING_SECRET']);
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1' }).problems.map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN']);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123', SLACK_APP_TOKEN: 'xapp-1' });
    expect(config.slack.credentials).toEqual({ botToken: 'xoxb-1', signingSecret: 'secret-123', appToken: 'xapp-1' });
  });

  it('parses lists, flags and qualified names', () => {
    const config = loadConfig({ OPS_CHANNELS: 'C01, #ops ,', SCHEDULER_ENABLED: 'false', FIVETRAN_SCHEMA: 'ANALYTICS.FIVETRAN_METADATA', NODE_ENV: 'production' });
    expect(config.slack.opsChannels).toEqual(['C01', '#ops']);
    expect(config.schedule.enabled).toBe(false);
    expect(config.fivetranSchema).toBe('ANALYTICS.FIVETRAN_METADATA');
    expect(config.log.format).toBe('json');
  });

  it('keeps schema names apart from the DuckDB file name, which DuckDB uses as a catalog name', () => {
    expect(problemsOf({ DUCKDB_PATH: '/var/pulse/pulse.duckdb', PULSE_STATE_SCHEMA: 'PULSE' }).problems[0]).toMatchObject({ variable: 'PULSE_STATE_SCHEMA', got: '"PULSE"' });
    expect(loadConfig({ DUCKDB_PATH: '/var/pulse/pulse.duckdb' }).stateSchema).toBe('PULSE_STATE');
  });

  it('lets only the default DUCKDB_PATH, or DEMO=true, become a demo when the file is missing', () => {
    const warehouse = (env: Record<string, string>) => {
      const { createDemo, demo } = loadConfig(env).warehouse;
      return { createDemo, demo };
    };
    expect(warehouse({})).toEqual({ createDemo: true, demo: null });
    expect(warehouse({ DUCKDB_PATH: 'data/pulse.duckdb' })).toEqual({ createDemo: true, demo: null });
    expect(warehouse({ DUCKDB_PATH: join(process.cwd(), 'data', 'pulse.duckdb') })).toEqual({ createDemo: true, demo: null });
    expect(warehouse({ DUCKDB_PATH: './data/pulse.duckb' })).toEqual({ createDemo: false, demo: null });
    expect(warehouse({ DUCKDB_PATH: '/srv/pulse/warehouse.duckdb', DEMO: 'true' })).toEqual({ createDemo: true, demo: true });
    expect(warehouse({ DEMO: 'false' })).toEqual({ createDemo: false, demo: false });
  });

  it("bounds the embedded DuckDB's memory, 1GB by default, in DuckDB's own sizes", () => {
    const limit = (value: string) => loadConfig({ DUCKDB_MEMORY_LIMIT: value }).warehouse.duckdbMemoryLimit;
    expect(loadConfig({}).warehouse.duckdbMemoryLimit).toBe('1GB');
    expect(limit('512MB')).toBe('512MB');
    expect(limit(' 2GiB ')).toBe('2GiB');
    expect(limit('1.5 gb')).toBe('1.5 gb');
    expect(limit('64MB')).toBe('64MB');
  });

  it('refuses a DUCKDB_MEMORY_LIMIT DuckDB would not read, or too small to run a statement, naming what it expects', () => {
    const expected = 'a memory size of at least 64MB, such as 1GB, 512MB or 2GiB (KB, MB, GB, TB in powers of 1000; KiB, MiB, GiB, TiB in powers of 1024)';
    for (const bad of ['80%', '1000000000', '1G', 'lots', '1,5GB', '-1GB', '63MB', '0GB', '60MiB']) {
      expect(problemsOf({ DUCKDB_MEMORY_LIMIT: bad }).problems).toEqual([{ variable: 'DUCKDB_MEMORY_LIMIT', expected, got: JSON.stringify(bad) }]);
    }
    expect(problemsOf({ DUCKDB_MEMORY_LIMIT: '80%' }).message).toContain(`DUCKDB_MEMORY_LIMIT: expected ${expected}; got "80%"`);
  });

  it('refuses DEMO that is not a flag, or DEMO=true on Snowflake', () => {
    expect(problemsOf({ DEMO: 'maybe' }).problems).toEqual([{ variable: 'DEMO', expected: 'true or false', got: '"maybe"' }]);
    const snowflake = { WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'a', SNOWFLAKE_USER: 'u', SNOWFLAKE_WAREHOUSE: 'w', SNOWFLAKE_DATABASE: 'd', SNOWFLAKE_PASSWORD: 'p' };
    expect(problemsOf({ ...snowflake, DEMO: 'true' }).problems).toEqual([
      { variable: 'DEMO', expected: 'true only with WAREHOUSE=duckdb (the demo is an embedded DuckDB file)', got: '"true"' },
    ]);
    expect(loadConfig({ ...snowflake, DEMO: 'false' }).warehouse.kind).toBe('snowflake');
  });

  it('keeps the preview off the app port', () => {
    expect(problemsOf({ PORT: '4000', PREVIEW_PORT: '4000' }).problems[0]?.variable).toBe('PREVIEW_PORT');
  });
});

describe('.env.example', () => {
  it('lists exactly the variables Pulse reads', () => {
    const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(Object.keys(envSchema.shape).sort());
  });
});

describe("the README's configuration table", () => {
  it('lists every variable Pulse reads', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const missing = Object.keys(envSchema.shape).filter((variable) => !table.includes(`\`${variable}\``));
    expect(missing).toEqual([]);
  });
});

describe("the configuration of Fivetran's REST API", () => {
  it('runs nothing live without a key, and reads the defaults', () => {
    expect(loadConfig({}).live).toEqual({ credentials: null, apiUrl: 'https://api.fivetran.com', webhookSecret: null, budgetShare: 0.5, pollSeconds: 300 });
  });

  it('reads the key, the secret, the address, the webhook secret, the share and the poll interval', () => {
    const config = loadConfig({
      FIVETRAN_API_KEY: 'key123', FIVETRAN_API_SECRET: 'secret456', FIVETRAN_API_URL: 'http://127.0.0.1:4010/', FIVETRAN_WEBHOOK_SECRET: 'whsec-0123456789',
      FIVETRAN_API_BUDGET_SHARE: '0.25', LIVE_POLL_SECONDS: '60',
    });
    expect(config.live).toEqual({ credentials: { apiKey: 'key123', apiSecret: 'secret456' }, apiUrl: 'http://127.0.0.1:4010', webhookSecret: 'whsec-0123456789', budgetShare: 0.25, pollSeconds: 60 });
    expect(loadConfig({ FIVETRAN_API_BUDGET_SHARE: '1' }).live.budgetShare).toBe(1);
  });

  it('needs the key and the secret together, naming the one missing', () => {
    expect(problemsOf({ FIVETRAN_API_KEY: 'key123' }).problems).toEqual([
      { variable: 'FIVETRAN_API_SECRET', expected: "to be set together with FIVETRAN_API_KEY (both, or neither to run without Fivetran's REST API)", got: 'nothing (unset)' },
    ]);
    expect(problemsOf({ FIVETRAN_API_SECRET: 'secret456' }).problems.map((p) => p.variable)).toEqual(['FIVETRAN_API_KEY']);
  });

  it('names a bad share, poll interval, address or webhook secret, and never shows a secret', () => {
    for (const share of ['0', '1.5', 'half', '-0.2']) {
      expect(problemsOf({ FIVETRAN_API_BUDGET_SHARE: share }).problems).toEqual([expect.objectContaining({ variable: 'FIVETRAN_API_BUDGET_SHARE', expected: 'a share above 0 and at most 1, such as 0.5' })]);
    }
    expect(problemsOf({ LIVE_POLL_SECONDS: '5' }).problems).toEqual([expect.objectContaining({ variable: 'LIVE_POLL_SECONDS', expected: 'a whole number from 30 to 86400' })]);
    expect(problemsOf({ FIVETRAN_API_URL: 'api.fivetran.com' }).problems[0]?.variable).toBe('FIVETRAN_API_URL');
    const error = problemsOf({ FIVETRAN_WEBHOOK_SECRET: 'short' });
    expect(error.problems).toEqual([{ variable: 'FIVETRAN_WEBHOOK_SECRET', expected: "the webhook's secret, at least 8 characters", got: 'a value of 5 characters (hidden)' }]);
    expect(error.message).not.toContain('short');
  });
});

describe('who may act on connections from Slack', () => {
  it('allows nobody unless OPS_USERS or OPS_USERGROUP says who', () => {
    expect(loadConfig({}).actions).toEqual({ opsUsers: [], opsUsergroup: null });
    expect(loadConfig({ OPS_USERS: ' U0OPS, W0ADMIN ,', OPS_USERGROUP: 'S0OPSTEAM' }).actions).toEqual({ opsUsers: ['U0OPS', 'W0ADMIN'], opsUsergroup: 'S0OPSTEAM' });
  });

  it('names a bad user id or user group id', () => {
    expect(problemsOf({ OPS_USERS: 'U0OPS,@ana' }).problems).toEqual([expect.objectContaining({ variable: 'OPS_USERS', expected: 'a Slack user id (U0123ABCD)', got: '"U0OPS,@ana"' })]);
    expect(problemsOf({ OPS_USERGROUP: '@ops-team' }).problems).toEqual([expect.objectContaining({ variable: 'OPS_USERGROUP', expected: 'a Slack user group id (S0123ABCD)' })]);
  });
});
