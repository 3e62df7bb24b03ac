import type { AlertRulesConfig, ThresholdOverrides } from '../config/loadAlertRules';
import type { AlertRule, Severity } from './types';

/**
 * Every number an alert rule uses. Defaults are the documented ones; each can be overridden by the
 * rules ALERT_RULES_FILE gives (read with the configuration, config/loadAlertRules).
 */
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
    setup_broken: 'critical',
    action_required: 'warning',
  },
  mention: {},
};

function merge(base: RuleThresholds, overrides: ThresholdOverrides | undefined): RuleThresholds {
  if (!overrides) return base;
  const { severity, mention, ...rest } = overrides;
  return { ...base, ...rest, severity: { ...base.severity, ...severity }, mention: { ...base.mention, ...mention } };
}

/** The thresholds for one connection: the defaults, then the file's global, tenant and connection overrides. */
export function thresholdsFor(rules: AlertRulesConfig, tenantId: string | null, connectionId: string | null): RuleThresholds {
  let thresholds = merge(DEFAULT_THRESHOLDS, rules.defaults);
  if (tenantId !== null) thresholds = merge(thresholds, rules.tenants[tenantId]);
  if (connectionId !== null) thresholds = merge(thresholds, rules.connections[connectionId]);
  return thresholds;
}
