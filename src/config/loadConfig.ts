import path from 'node:path';
import { PulseError } from '../errors/pulseError';
import { timeZoneNamed, type TimeZone } from '../time/timeZone';
import { loadAlertRules, type AlertRulesConfig } from './loadAlertRules';
import { DEFAULT_DUCKDB_PATH, envSchema, SECRET_VARIABLES, type Env } from './schema';

export interface SnowflakeConfig {
  account: string;
  username: string;
  role?: string;
  warehouse: string;
  database: string;
  auth:
    | { kind: 'password'; password: string }
    | { kind: 'keyPair'; privateKey: string; passphrase?: string }
    | { kind: 'keyPairPath'; privateKeyPath: string; passphrase?: string };
  accessUrl?: string;
}

export interface Config {
  env: Env['NODE_ENV'];
  log: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty' };
  warehouse: {
    kind: Env['WAREHOUSE'];
    queryTimeoutSeconds: number;
    duckdbPath: string;
    /** DuckDB's memory_limit (1GB, 512MB, 2GiB): beyond it the embedded DuckDB spills to disk. */
    duckdbMemoryLimit: string;
    /**
     * Whether a missing DUCKDB_PATH is created with demo data: DEMO when set, otherwise only at
     * the default path, so a mistyped path is an error rather than a demo.
     */
    createDemo: boolean;
    /** DEMO as set; null when unset. */
    demo: boolean | null;
    snowflake: SnowflakeConfig | null;
  };
  fivetranSchema: string;
  tenantsTable: string;
  stateSchema: string;
  slack: {
    /** Null when no Slack app is configured: Pulse then runs against the local Slack preview. */
    credentials: { botToken: string; signingSecret: string; appToken?: string } | null;
    apiUrl?: string;
    opsChannel: string;
    /** Channels where every tenant may be seen; null means any channel that is no tenant's. */
    opsChannels: string[] | null;
    port: number;
    /** Pulse's own deadline on a Slack call; after it the call's outcome counts as unknown. */
    callTimeoutSeconds: number;
  };
  preview: { port: number };
  schedule: { enabled: boolean; timezone: string; dashboardCron: string; alertsCron: string };
  /** How the CLI shows times: in this zone (PULSE_TIMEZONE); null for the machine's own zone. */
  display: { timeZone: TimeZone | null };
  alerts: {
    repeatHours: number;
    groupThreshold: number;
    /** An incident that fires again this soon after it resolved reopens in its message; 0 always posts anew. */
    reopenWithinMinutes: number;
    /** Who critical posts and reminders notify, unless the rules file says otherwise; null for nobody. */
    mention: string | null;
    /** A delivery Slack has not confirmed for this long is logged as an error, once. */
    deliveryOverdueMinutes: number;
  };
  /** ALERT_RULES_FILE, read and checked; no overrides without it. */
  alertRules: AlertRulesConfig;
  watch: { timeoutMinutes: number; intervalSeconds: number };
  /**
   * How long one reading of the warehouse answers every request and scheduled run that comes after
   * it; requests during a reading always share it. 0: every request reads anew unless one is in flight.
   */
  judgmentReuseSeconds: number;
  /** Fivetran's REST API and webhooks: what is live now. */
  live: LiveConfig;
  /** Who may sync, pause and resume connections from Slack; nobody while both are empty. */
  actions: { opsUsers: string[]; opsUsergroup: string | null };
}

export interface LiveConfig {
  /** Null without FIVETRAN_API_KEY and FIVETRAN_API_SECRET: then nothing live runs. */
  credentials: { apiKey: string; apiSecret: string } | null;
  /** The API's origin, without `/v1`. */
  apiUrl: string;
  /** The secret webhooks are signed with; null when none is registered. */
  webhookSecret: string | null;
  /** The most of the account's hourly API budget Pulse may use, from 0 to 1. */
  budgetShare: number;
  pollSeconds: number;
}

export interface ConfigProblem {
  variable: string;
  expected: string;
  got: string;
}

/** Configuration Pulse cannot start with: every problem, each naming its variable. */
export class ConfigError extends PulseError<'PULSE_CONFIG_INVALID'> {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(
      'PULSE_CONFIG_INVALID',
      `Pulse cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${p.variable}: expected ${p.expected}; got ${p.got}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** How a received value is shown in an error: secrets only by their length. */
function describeValue(variable: string, raw: string | undefined): string {
  if (raw === undefined) return 'nothing (unset)';
  if (SECRET_VARIABLES.has(variable)) return `a value of ${raw.length} characters (hidden)`;
  const shown = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
  return JSON.stringify(shown);
}

/**
 * Reads and checks the whole configuration at once: the environment and the file ALERT_RULES_FILE
 * names. Pure but for reading that file, which tests may do their own way. Empty values count as
 * unset, so a blank line in `.env` means "use the default".
 */
export function loadConfig(rawEnv: Record<string, string | undefined> = process.env, readText?: (path: string) => string): Config {
  const env: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = rawEnv[key];
    if (value !== undefined && value.trim() !== '') env[key] = value;
  }

  const problems: ConfigProblem[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '?');
      const expected = issue.code === 'invalid_value' ? `one of ${issue.values.map(String).join(', ')}` : issue.message;
      problems.push({ variable, expected, got: describeValue(variable, env[variable]) });
    }
  }

  const require = (variable: string, expected: string) => {
    if (env[variable] === undefined) problems.push({ variable, expected, got: 'nothing (unset)' });
  };

  if (env.WAREHOUSE === 'snowflake' && parsed.success && parsed.data.DEMO === true) {
    problems.push({ variable: 'DEMO', expected: 'true only with WAREHOUSE=duckdb (the demo is an embedded DuckDB file)', got: describeValue('DEMO', env.DEMO) });
  }
  if (env.WAREHOUSE === 'snowflake') {
    require('SNOWFLAKE_ACCOUNT', 'the account identifier (myorg-myaccount) when WAREHOUSE=snowflake');
    require('SNOWFLAKE_USER', 'the user Pulse logs in as when WAREHOUSE=snowflake');
    require('SNOWFLAKE_WAREHOUSE', 'the virtual warehouse that runs Pulse\'s queries when WAREHOUSE=snowflake');
    require('SNOWFLAKE_DATABASE', 'the database holding the Platform Connector schema when WAREHOUSE=snowflake');
    const auths = ['SNOWFLAKE_PASSWORD', 'SNOWFLAKE_PRIVATE_KEY', 'SNOWFLAKE_PRIVATE_KEY_PATH'].filter((v) => env[v] !== undefined);
    if (auths.length !== 1) {
      problems.push({
        variable: 'SNOWFLAKE_PASSWORD / SNOWFLAKE_PRIVATE_KEY / SNOWFLAKE_PRIVATE_KEY_PATH',
        expected: 'exactly one way to authenticate when WAREHOUSE=snowflake',
        got: auths.length === 0 ? 'none set' : `${auths.join(' and ')} all set`,
      });
    }
  }

  const hasBot = env.SLACK_BOT_TOKEN !== undefined;
  const hasSecret = env.SLACK_SIGNING_SECRET !== undefined;
  if (hasBot !== hasSecret) {
    const missing = hasBot ? 'SLACK_SIGNING_SECRET' : 'SLACK_BOT_TOKEN';
    problems.push({ variable: missing, expected: 'to be set together with the other Slack credential (or neither, for the local preview)', got: 'nothing (unset)' });
  }
  if (env.SLACK_APP_TOKEN !== undefined && !hasBot) {
    problems.push({ variable: 'SLACK_BOT_TOKEN', expected: 'a bot token as well when SLACK_APP_TOKEN (Socket Mode) is set', got: 'nothing (unset)' });
  }

  const hasApiKey = env.FIVETRAN_API_KEY !== undefined;
  const hasApiSecret = env.FIVETRAN_API_SECRET !== undefined;
  if (hasApiKey !== hasApiSecret) {
    const missing = hasApiKey ? 'FIVETRAN_API_SECRET' : 'FIVETRAN_API_KEY';
    const other = hasApiKey ? 'FIVETRAN_API_KEY' : 'FIVETRAN_API_SECRET';
    problems.push({ variable: missing, expected: `to be set together with ${other} (both, or neither to run without Fivetran's REST API)`, got: 'nothing (unset)' });
  }

  const alertRules = loadAlertRules(env.ALERT_RULES_FILE?.trim(), readText);
  if (alertRules.problem) problems.push({ variable: 'ALERT_RULES_FILE', ...alertRules.problem });

  if (!parsed.success || problems.length > 0 || alertRules.rules === null) throw new ConfigError(dedupe(problems));
  const e = parsed.data;

  // DuckDB names a file's catalog after the file: a schema of the same name makes every reference ambiguous.
  if (e.WAREHOUSE === 'duckdb') {
    const catalog = (e.DUCKDB_PATH.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '').toLowerCase();
    for (const variable of ['PULSE_STATE_SCHEMA', 'FIVETRAN_SCHEMA'] as const) {
      if (e[variable].split('.')[0]?.toLowerCase() === catalog) {
        throw new ConfigError([{ variable, expected: `a schema name other than "${catalog}", the name DuckDB gives the file DUCKDB_PATH`, got: JSON.stringify(e[variable]) }]);
      }
    }
  }
  if (e.PREVIEW_PORT === e.PORT && !hasBot) {
    throw new ConfigError([{ variable: 'PREVIEW_PORT', expected: `a port other than PORT (${e.PORT})`, got: String(e.PREVIEW_PORT) }]);
  }

  return {
    env: e.NODE_ENV,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty') },
    warehouse: {
      kind: e.WAREHOUSE,
      queryTimeoutSeconds: e.WAREHOUSE_QUERY_TIMEOUT_SECONDS,
      duckdbPath: e.DUCKDB_PATH,
      duckdbMemoryLimit: e.DUCKDB_MEMORY_LIMIT,
      createDemo: e.DEMO ?? path.resolve(e.DUCKDB_PATH) === path.resolve(DEFAULT_DUCKDB_PATH),
      demo: e.DEMO ?? null,
      snowflake: e.WAREHOUSE === 'snowflake' ? snowflakeConfig(e) : null,
    },
    fivetranSchema: e.FIVETRAN_SCHEMA,
    tenantsTable: e.TENANTS_TABLE,
    stateSchema: e.PULSE_STATE_SCHEMA,
    slack: {
      credentials:
        e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
          ? { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}) }
          : null,
      ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
      opsChannel: e.SLACK_OPS_CHANNEL,
      opsChannels: e.OPS_CHANNELS ?? null,
      port: e.PORT,
      callTimeoutSeconds: e.SLACK_CALL_TIMEOUT_SECONDS,
    },
    preview: { port: e.PREVIEW_PORT },
    schedule: { enabled: e.SCHEDULER_ENABLED, timezone: e.SCHEDULE_TIMEZONE, dashboardCron: e.DASHBOARD_CRON, alertsCron: e.ALERTS_CRON },
    display: { timeZone: e.PULSE_TIMEZONE === undefined ? null : timeZoneNamed(e.PULSE_TIMEZONE) },
    alerts: {
      repeatHours: e.ALERT_REPEAT_HOURS,
      groupThreshold: e.ALERT_GROUP_THRESHOLD,
      reopenWithinMinutes: e.ALERT_REOPEN_WITHIN_MINUTES,
      mention: e.ALERT_MENTION ?? null,
      deliveryOverdueMinutes: e.ALERT_DELIVERY_OVERDUE_MINUTES,
    },
    alertRules: alertRules.rules,
    watch: { timeoutMinutes: e.WATCH_TIMEOUT_MINUTES, intervalSeconds: e.WATCH_INTERVAL_SECONDS },
    live: {
      credentials: e.FIVETRAN_API_KEY && e.FIVETRAN_API_SECRET ? { apiKey: e.FIVETRAN_API_KEY, apiSecret: e.FIVETRAN_API_SECRET } : null,
      apiUrl: e.FIVETRAN_API_URL.replace(/\/+$/, ''),
      webhookSecret: e.FIVETRAN_WEBHOOK_SECRET ?? null,
      budgetShare: e.FIVETRAN_API_BUDGET_SHARE,
      pollSeconds: e.LIVE_POLL_SECONDS,
    },
    actions: { opsUsers: e.OPS_USERS ?? [], opsUsergroup: e.OPS_USERGROUP ?? null },
    judgmentReuseSeconds: e.JUDGMENT_REUSE_SECONDS,
  };
}

function snowflakeConfig(e: Env): SnowflakeConfig {
  const passphrase = e.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE ? { passphrase: e.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE } : {};
  const auth: SnowflakeConfig['auth'] = e.SNOWFLAKE_PASSWORD
    ? { kind: 'password', password: e.SNOWFLAKE_PASSWORD }
    : e.SNOWFLAKE_PRIVATE_KEY
      ? { kind: 'keyPair', privateKey: e.SNOWFLAKE_PRIVATE_KEY, ...passphrase }
      : { kind: 'keyPairPath', privateKeyPath: e.SNOWFLAKE_PRIVATE_KEY_PATH as string, ...passphrase };
  return {
    account: e.SNOWFLAKE_ACCOUNT as string,
    username: e.SNOWFLAKE_USER as string,
    ...(e.SNOWFLAKE_ROLE ? { role: e.SNOWFLAKE_ROLE } : {}),
    warehouse: e.SNOWFLAKE_WAREHOUSE as string,
    database: e.SNOWFLAKE_DATABASE as string,
    auth,
    ...(e.SNOWFLAKE_ACCESS_URL ? { accessUrl: e.SNOWFLAKE_ACCESS_URL } : {}),
  };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.variable}\u0000${p.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
