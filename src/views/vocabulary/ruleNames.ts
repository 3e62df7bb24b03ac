import type { AlertRule } from '../../health/types';
import { identifierWords } from '../../text/identifierWords';

/** How each alert rule is named for people, on every surface; the rule ids are for config and --json. */
export const RULE_NAMES: Record<AlertRule, string> = {
  sync_failed: 'Sync failed',
  sync_delayed: 'Sync delayed',
  sync_running_long: 'Sync running long',
  frequent_errors: 'Frequent errors',
  metadata_stale: 'Monitoring data stale',
  setup_broken: 'Setup broken',
  action_required: 'Action required',
};

/** A rule's name; a rule Pulse does not know (from an older state table) as words. */
export function ruleName(rule: AlertRule): string {
  return RULE_NAMES[rule] ?? identifierWords(String(rule)).replace(/^./, (c) => c.toUpperCase());
}
