import type { Alert } from '../../health/types';
import { identifierWords } from '../../text/identifierWords';
import { formatDuration } from '../../time/formatDuration';
import { formatCount } from './counts';
import { sourceWords } from './liveSources';

/**
 * The one place an alert's facts (its rule-specific `details`) become words with units. Surfaces
 * differ only in how an instant and a piece of data text are written (a Slack date token and
 * mrkdwn escaping, or a terminal time), so they pass those two in. Facts Pulse has no words for are
 * left out: the raw values are in --json.
 */
export interface FactFormat {
  instant(iso: string): string;
  /** Data text (a reason, a type), escaped for the surface. */
  text(raw: string): string;
}

export interface AlertFact {
  label: string;
  value: string;
}

type Value = string | number;

interface FactWording {
  label: string;
  /** Null leaves the fact out. */
  value(value: Value, format: FactFormat): string | null;
  /** What a missing value means, when it means something. */
  whenNull?: string;
}

const duration = (value: Value) => (typeof value === 'number' && Number.isFinite(value) ? formatDuration(value) : null);
const instant = (value: Value, format: FactFormat) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? format.instant(value) : null);
const count = (noun: string, nouns = `${noun}s`, tail = '') => (value: Value) =>
  typeof value === 'number' && Number.isFinite(value) ? `${formatCount(value)} ${Math.round(value) === 1 ? noun : nouns}${tail}` : null;
const words = (value: Value, format: FactFormat) => format.text(identifierWords(String(value)));
const source = (value: Value) => sourceWords(String(value));

/** Keyed by the names the rules give their facts (health/alertRules), which --json keeps. */
const FACTS: Record<string, FactWording> = {
  // sync_failed (its status reads from the summary and the task; the raw value is in --json)
  reason: { label: 'Reason', value: (value, format) => format.text(String(value)) },
  taskType: { label: 'Task to fix', value: words },
  failedAt: { label: 'Failed', value: instant },
  failuresInARow: { label: 'Failed in a row', value: count('sync') },
  // sync_delayed
  expectedEveryMinutes: { label: 'Expected every', value: duration },
  thresholdMinutes: { label: 'Alert after', value: duration },
  lastSuccessfulSyncAt: { label: 'Last success', value: instant, whenNull: 'none in the last 30 days' },
  minutesSinceSuccess: { label: 'Without success for', value: duration },
  // sync_running_long
  runningMinutes: { label: 'Running for', value: duration },
  medianMinutes: { label: 'Usual duration', value: duration, whenNull: 'not known yet (too few syncs)' },
  // frequent_errors
  errors24h: { label: 'In the last 24 h', value: count('error') },
  threshold: { label: 'Alert at', value: count('error', 'errors', ' in 24 h') },
  latestErrorType: { label: 'Latest error type', value: words },
  // setup_broken, action_required, and sync_failed or sync_delayed when live state reported them
  task: { label: 'Fivetran asks', value: (value, format) => format.text(String(value)) },
  reportedBy: { label: 'Reported by', value: source },
  reportedAt: { label: 'Reported', value: instant },
  // metadata_stale
  observedAt: { label: 'Data loaded', value: instant, whenNull: 'never' },
  ageMinutes: { label: 'Data age', value: duration },
  staleAfterMinutes: { label: 'Stale after', value: duration },
};

/**
 * An alert's facts in the order its rule gives them. The reason is left out when the summary
 * already ends with it: shown once is enough.
 */
export function alertFacts(alert: Pick<Alert, 'details' | 'summary'>, format: FactFormat): AlertFact[] {
  const facts: AlertFact[] = [];
  for (const [key, raw] of Object.entries(alert.details)) {
    const wording = FACTS[key];
    if (!wording) continue;
    if (key === 'reason' && typeof raw === 'string' && alert.summary.includes(raw.slice(0, 60))) continue;
    const value = raw === null || raw === '' ? (wording.whenNull ?? null) : wording.value(raw, format);
    if (value !== null) facts.push({ label: wording.label, value });
  }
  return facts;
}
