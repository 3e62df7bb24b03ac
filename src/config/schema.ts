import cron from 'node-cron';
import { z } from 'zod';
import { timeZoneNamed } from '../time/timeZone';
import { DEFAULT_DUCKDB_MEMORY_LIMIT, DUCKDB_MEMORY_LIMIT_EXPECTED, memoryLimitBytes } from './duckdbMemoryLimit';
import { SLACK_MENTION, SLACK_MENTION_EXPECTED } from './slackMention';

/**
 * Every environment variable Pulse reads, with what it expects. `.env.example` and the README's
 * configuration table mirror this list; keep the three in step.
 */

const identifier = /^[A-Za-z_][A-Za-z0-9_$]*$/;
/** A schema or table name, optionally qualified; interpolated into SQL, so nothing else passes. */
function qualifiedName(maxParts: number, example: string) {
  return z
    .string()
    .trim()
    .refine((value) => {
      const parts = value.split('.');
      return parts.length >= 1 && parts.length <= maxParts && parts.every((part) => identifier.test(part));
    }, `a name like ${example} (letters, digits, _ and $, up to ${maxParts} dot-separated parts)`);
}

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'true or false')
  .transform((value) => ['true', '1', 'yes'].includes(value));

function integer(min: number, max: number) {
  return z
    .string()
    .trim()
    .refine((value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max, `a whole number from ${min} to ${max}`)
    .transform(Number);
}

const cronExpression = z
  .string()
  .trim()
  .refine((value) => cron.validate(value), 'a cron expression of 5 or 6 fields, like "0 8 * * *"');

const timezone = z.string().trim().refine((value) => timeZoneNamed(value) !== null, 'an IANA time zone such as UTC or Europe/Berlin');

const channelId = z.string().trim().regex(/^[A-Za-z0-9_#-]{1,80}$/, 'a Slack channel id (C0123ABCD) or name');
const channelList = z
  .string()
  .trim()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(channelId));

const slackUserId = z.string().trim().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id (U0123ABCD)');
const userList = z
  .string()
  .trim()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(slackUserId));

const httpUrl = z.string().trim().url('an http(s) URL').refine((value) => /^https?:\/\//.test(value), 'an http(s) URL');

/** A share of something, from just above 0 to 1: 0.5 is half. */
const share = z
  .string()
  .trim()
  .refine((value) => /^(0?\.\d+|1(\.0*)?|0)$/.test(value) && Number(value) > 0 && Number(value) <= 1, 'a share above 0 and at most 1, such as 0.5')
  .transform(Number);

/** DuckDB's memory_limit, as DuckDB reads it when the database opens. */
const memorySize = z
  .string()
  .trim()
  .refine((value) => memoryLimitBytes(value) !== null, DUCKDB_MEMORY_LIMIT_EXPECTED);

/** The embedded warehouse a new user gets: the only path filled with demo data unless DEMO says otherwise. */
export const DEFAULT_DUCKDB_PATH = './data/pulse.duckdb';

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),

  WAREHOUSE: z.enum(['duckdb', 'snowflake']).default('duckdb'),
  WAREHOUSE_QUERY_TIMEOUT_SECONDS: integer(1, 3600).default(60),
  DUCKDB_PATH: z.string().trim().min(1, 'a file path').default(DEFAULT_DUCKDB_PATH),
  DUCKDB_MEMORY_LIMIT: memorySize.default(DEFAULT_DUCKDB_MEMORY_LIMIT),
  DEMO: booleanFlag.optional(),
  FIVETRAN_SCHEMA: qualifiedName(2, 'FIVETRAN_LOG or MY_DB.FIVETRAN_LOG').default('FIVETRAN_LOG'),
  TENANTS_TABLE: qualifiedName(3, 'PUBLIC.TENANTS').default('PUBLIC.TENANTS'),
  PULSE_STATE_SCHEMA: qualifiedName(2, 'PULSE_STATE or MY_DB.PULSE_STATE').default('PULSE_STATE'),

  SNOWFLAKE_ACCOUNT: z.string().trim().regex(/^[A-Za-z0-9_.-]+$/, 'an account identifier like myorg-myaccount').optional(),
  SNOWFLAKE_USER: z.string().trim().min(1).optional(),
  SNOWFLAKE_ROLE: z.string().trim().min(1).optional(),
  SNOWFLAKE_WAREHOUSE: z.string().trim().min(1).optional(),
  SNOWFLAKE_DATABASE: z.string().trim().min(1).optional(),
  SNOWFLAKE_PASSWORD: z.string().min(1).optional(),
  SNOWFLAKE_PRIVATE_KEY: z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n').trim())
    .refine((value) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value), 'a PEM private key (-----BEGIN PRIVATE KEY----- …)')
    .optional(),
  SNOWFLAKE_PRIVATE_KEY_PATH: z.string().trim().min(1).optional(),
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: z.string().min(1).optional(),
  SNOWFLAKE_ACCESS_URL: httpUrl.optional(),

  SLACK_BOT_TOKEN: z.string().trim().regex(/^xoxb-/, 'a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().trim().min(8, 'the app\'s signing secret').optional(),
  SLACK_APP_TOKEN: z.string().trim().regex(/^xapp-/, 'an app-level token starting with xapp-').optional(),
  SLACK_API_URL: httpUrl.optional(),
  SLACK_OPS_CHANNEL: channelId.default('fivetran-ops'),
  SLACK_CALL_TIMEOUT_SECONDS: integer(1, 30).default(10),
  OPS_CHANNELS: channelList.optional(),
  OPS_USERS: userList.optional(),
  OPS_USERGROUP: z.string().trim().regex(/^S[A-Z0-9]{2,}$/, 'a Slack user group id (S0123ABCD)').optional(),
  PORT: integer(1, 65535).default(3000),
  PREVIEW_PORT: integer(1, 65535).default(3001),

  SCHEDULER_ENABLED: booleanFlag.default(true),
  SCHEDULE_TIMEZONE: timezone.default('UTC'),
  PULSE_TIMEZONE: timezone.optional(),
  DASHBOARD_CRON: cronExpression.default('0 8 * * *'),
  ALERTS_CRON: cronExpression.default('0 * * * *'),
  ALERT_REPEAT_HOURS: integer(1, 720).default(24),
  ALERT_GROUP_THRESHOLD: integer(1, 100).default(5),
  ALERT_REOPEN_WITHIN_MINUTES: integer(0, 2880).default(60),
  ALERT_DELIVERY_OVERDUE_MINUTES: integer(5, 1440).default(30),
  ALERT_MENTION: z.string().trim().regex(SLACK_MENTION, SLACK_MENTION_EXPECTED).optional(),
  ALERT_RULES_FILE: z.string().trim().min(1).optional(),
  WATCH_TIMEOUT_MINUTES: integer(1, 1440).default(120),
  WATCH_INTERVAL_SECONDS: integer(5, 3600).default(30),

  FIVETRAN_API_KEY: z.string().trim().min(1).optional(),
  FIVETRAN_API_SECRET: z.string().trim().min(1).optional(),
  FIVETRAN_API_URL: httpUrl.default('https://api.fivetran.com'),
  FIVETRAN_WEBHOOK_SECRET: z.string().trim().min(8, 'the webhook\'s secret, at least 8 characters').optional(),
  FIVETRAN_API_BUDGET_SHARE: share.default(0.5),
  LIVE_POLL_SECONDS: integer(30, 86400).default(300),
  JUDGMENT_REUSE_SECONDS: integer(0, 600).default(30),
});

export type Env = z.infer<typeof envSchema>;

/** Variables whose values never appear in messages or logs. */
export const SECRET_VARIABLES = new Set([
  'SNOWFLAKE_PASSWORD',
  'SNOWFLAKE_PRIVATE_KEY',
  'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'FIVETRAN_API_KEY',
  'FIVETRAN_API_SECRET',
  'FIVETRAN_WEBHOOK_SECRET',
]);
