import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { messageOf } from '../errors/messageOf';
import { SLACK_MENTION, SLACK_MENTION_EXPECTED } from './slackMention';

/**
 * ALERT_RULES_FILE: thresholds and severities per tenant and connection, read and checked with the
 * rest of the configuration at start-up, so a bad file stops Pulse before anything is opened. The
 * judgments (health/thresholds) take the parsed rules and never read a file.
 */

/**
 * The longest streak of failed syncs `syncFailedAfter` may ask for: a streak is counted in the recent
 * syncs the read model keeps (fivetran/assembleSnapshot's DURATION_SAMPLE, which configuration may not
 * import; test/health/alertRules.test.ts holds the two equal), so a longer one could never be seen.
 */
export const LONGEST_SYNC_FAILED_STREAK = 10;

const ruleName = z.enum(['sync_failed', 'sync_delayed', 'sync_running_long', 'frequent_errors', 'metadata_stale', 'setup_broken', 'action_required']);
const positive = z.number().positive();
const overridesSchema = z
  .object({
    syncFailedAfter: z.number().int().min(1).max(LONGEST_SYNC_FAILED_STREAK),
    syncDelayedFactor: positive,
    syncDelayedMinMinutes: positive,
    runningLongFactor: positive,
    runningLongMinMinutes: positive,
    runningLongDefaultMinutes: positive,
    runningLongMinSamples: z.number().int().min(1),
    frequentErrorsCount: z.number().int().min(1),
    metadataStaleFactor: positive,
    metadataStaleMinMinutes: positive,
    metadataStaleUnknownMinutes: positive,
    disabled: z.array(ruleName),
    severity: z.partialRecord(ruleName, z.enum(['critical', 'warning'])),
    // Who posts and reminders of each severity notify; null for nobody.
    mention: z.partialRecord(z.enum(['critical', 'warning']), z.string().trim().regex(SLACK_MENTION, SLACK_MENTION_EXPECTED).nullable()),
  })
  .partial()
  .strict();

export type ThresholdOverrides = z.infer<typeof overridesSchema>;

/** Global defaults, then a tenant's, then a connection's: the most specific wins, key by key. */
export const alertRulesSchema = z
  .object({
    defaults: overridesSchema.default({}),
    tenants: z.record(z.string(), overridesSchema).default({}),
    connections: z.record(z.string(), overridesSchema).default({}),
  })
  .strict();

export type AlertRulesConfig = z.infer<typeof alertRulesSchema>;

/** No file: every rule at its documented default. */
export const EMPTY_RULES: AlertRulesConfig = { defaults: {}, tenants: {}, connections: {} };

/** What is wrong with the file, worded for a configuration error naming ALERT_RULES_FILE. */
export interface AlertRulesProblem {
  expected: string;
  got: string;
}

export type LoadedAlertRules = { rules: AlertRulesConfig; problem: null } | { rules: null; problem: AlertRulesProblem };

const readUtf8 = (path: string) => readFileSync(path, 'utf8');

/** The rules in the file at `path` (none without a path); every problem named with its place in the file. */
export function loadAlertRules(path: string | undefined, readText: (path: string) => string = readUtf8): LoadedAlertRules {
  if (path === undefined) return { rules: EMPTY_RULES, problem: null };
  const shown = JSON.stringify(path);
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    return { rules: null, problem: { expected: 'a readable JSON file of alert rules', got: `${shown}, which cannot be read (${firstLine(messageOf(error))})` } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { rules: null, problem: { expected: 'a readable JSON file of alert rules', got: `${shown}, which is not JSON (${firstLine(messageOf(error))})` } };
  }
  const parsed = alertRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    return {
      rules: null,
      problem: {
        expected: 'alert rules as the README describes them ("defaults", "tenants", "connections")',
        got: `${shown} with ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`,
      },
    };
  }
  return { rules: parsed.data, problem: null };
}

const firstLine = (text: string) => text.split('\n')[0] ?? text;
