import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SLACK_MENTION, SLACK_MENTION_EXPECTED } from '../config/slackMention';
import { DURATION_SAMPLE as RECENT_SYNCS_KEPT } from '../fivetran/assembleSnapshot';
import type { AlertRule, Severity } from './types';

/** Every number an alert rule uses. Defaults are the documented ones; each can be overridden. */
export interface RuleThresholds {
  /** sync_failed: fires once this many decisive syncs in a row have failed (flapping control; Fivetran's own emails wait for 3). */
  syncFailedAfter: number;
  /** sync_delayed: the last success is older than factor × sync_frequency… */
  syncDelayedFactor: number;
  /** …and at least this many minutes. */
  syncDelayedMinMinutes: number;
  /** sync_running_long: longer than factor × the median of recent completed syncs… */
  runningLongFactor: number;
  /** …and at least this many minutes… */
  runningLongMinMinutes: number;
  /** …or, with fewer than runningLongMinSamples completed syncs, this many. */
  runningLongDefaultMinutes: number;
  runningLongMinSamples: number;
  /** frequent_errors: at least this many SEVERE events in the 24 h before observedAt. */
  frequentErrorsCount: number;
  /** metadata_stale: older than factor × the Platform connection's sync_frequency… */
  metadataStaleFactor: number;
  /** …and at least this many minutes… */
  metadataStaleMinMinutes: number;
  /** …or this many when the Platform connection's frequency is unknown. */
  metadataStaleUnknownMinutes: number;
  /** Rules that do not fire here. */
  disabled: AlertRule[];
  severity: Record<AlertRule, Severity>;
  /** Who posts and reminders of each severity notify; null for nobody, unset for ALERT_MENTION's default. */
  mention: Partial<Record<Severity, string | null>>;
}

export const DEFAULT_THRESHOLDS: RuleThresholds = {
  syncFailedAfter: 1,
  syncDelayedFactor: 2,
  syncDelayedMinMinutes: 60,
  runningLongFactor: 3,
  runningLongMinMinutes: 60,
  runningLongDefaultMinutes: 360,
  runningLongMinSamples: 3,
  frequentErrorsCount: 5,
  metadataStaleFactor: 2,
  metadataStaleMinMinutes: 60,
  metadataStaleUnknownMinutes: 1560,
  disabled: [],
  severity: {
    sync_failed: 'critical',
    metadata_stale: 'critical',
    sync_delayed: 'warning',
    sync_running_long: 'warning',
    frequent_errors: 'warning',
  },
  mention: {},
};

const ruleName = z.enum(['sync_failed', 'sync_delayed', 'sync_running_long', 'frequent_errors', 'metadata_stale']);
const positive = z.number().positive();
const overridesSchema = z
  .object({
    // A streak is counted in the recent syncs the snapshot keeps: a longer one could not be seen.
    syncFailedAfter: z.number().int().min(1).max(RECENT_SYNCS_KEPT),
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

export const EMPTY_RULES: AlertRulesConfig = { defaults: {}, tenants: {}, connections: {} };

function merge(base: RuleThresholds, overrides: ThresholdOverrides | undefined): RuleThresholds {
  if (!overrides) return base;
  const { severity, mention, ...rest } = overrides;
  return { ...base, ...rest, severity: { ...base.severity, ...severity }, mention: { ...base.mention, ...mention } };
}

export function thresholdsFor(rules: AlertRulesConfig, tenantId: string | null, connectionId: string | null): RuleThresholds {
  let thresholds = merge(DEFAULT_THRESHOLDS, rules.defaults);
  if (tenantId !== null) thresholds = merge(thresholds, rules.tenants[tenantId]);
  if (connectionId !== null) thresholds = merge(thresholds, rules.connections[connectionId]);
  return thresholds;
}

/** Reads ALERT_RULES_FILE; every problem is named with its path in the file. */
export function loadAlertRules(path: string | undefined): AlertRulesConfig {
  if (!path) return EMPTY_RULES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`ALERT_RULES_FILE: expected a readable JSON file; ${path}: ${(error as Error).message}`);
  }
  const parsed = alertRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new Error(`ALERT_RULES_FILE: ${path} has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}
