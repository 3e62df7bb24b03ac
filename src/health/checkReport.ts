import type { QuickstartDeployment } from '../fivetran/readQuickstart';
import type { OptionalTenantColumn, Snapshot } from '../fivetran/types';
import { formatDuration, minutesBetween } from '../time/formatDuration';
import { metadataStale } from './alertRules';
import type { AlertRulesConfig } from '../config/loadAlertRules';
import { thresholdsFor } from './thresholds';
import type { Assessment, CheckReport } from './types';

/** A Quickstart model not rebuilt for this long is worth saying. */
const QUICKSTART_STALE_MINUTES = 2 * 1440;

/** The tenants table as the monitor last read it. */
export interface TenantsReading {
  count: number;
  missingColumns: OptionalTenantColumn[];
  /** Why tenants are missing or incomplete, in plain words (starting "the tenants table …"). */
  problem: string | null;
}

/** Pure: how trustworthy the monitoring data is, in plain words (the `check` command). */
export function buildCheckReport(snapshot: Snapshot, assessment: Assessment, quickstart: QuickstartDeployment, rules: AlertRulesConfig, now: Date, tenants: TenantsReading): CheckReport {
  const stale = metadataStale(snapshot, thresholdsFor(rules, null, null), now);
  const platform = snapshot.platformConnection;
  const platformAssessment = platform ? assessment.connections.find((c) => c.connectionId === platform.connectionId) ?? null : null;
  const problems: string[] = [];

  if (stale.alert) problems.push(stale.alert.summary);
  if (!platform) {
    problems.push("The Platform connection's own row (connector_type_id = 'fivetran_log') is not in CONNECTION: staleness is judged against 26 h.");
  } else {
    if (platform.paused) problems.push(`The Platform connection ${platform.connectionName} is paused: monitoring data will not refresh.`);
    if (platformAssessment?.health === 'broken') problems.push(`The Platform connection ${platform.connectionName} is broken: ${platformAssessment.lastDecisiveSync?.reason ?? 'see its errors'}.`);
    if (platform.syncFrequencyMinutes !== null && platform.syncFrequencyMinutes > 60) {
      problems.push(`The Platform connection syncs every ${formatDuration(platform.syncFrequencyMinutes)}: hourly alerts can only be as fresh as that. Set its sync frequency to 1 h or less.`);
    }
  }
  if (tenants.problem) problems.push(`${tenants.problem.charAt(0).toUpperCase()}${tenants.problem.slice(1)}.`);
  if (quickstart.problem) problems.push(`Quickstart data model: ${quickstart.problem}.`);
  if (quickstart.freshestAt && minutesBetween(quickstart.freshestAt, now) > QUICKSTART_STALE_MINUTES) {
    problems.push(`The Quickstart data model was last refreshed ${formatDuration(minutesBetween(quickstart.freshestAt, now))} ago.`);
  }

  return {
    observedAt: snapshot.observedAt,
    evaluatedAt: now.toISOString(),
    ageMinutes: stale.ageMinutes === null ? null : Math.round(stale.ageMinutes),
    staleAfterMinutes: stale.staleAfterMinutes,
    stale: stale.alert !== null,
    platformConnection:
      platform && platformAssessment
        ? {
            connectionId: platform.connectionId,
            connectionName: platform.connectionName,
            health: platformAssessment.health,
            paused: platform.paused,
            syncFrequencyMinutes: platform.syncFrequencyMinutes,
            lastSuccessfulSyncAt: platformAssessment.lastSuccessfulSyncAt,
          }
        : null,
    quickstart: { deployed: quickstart.deployed, schema: quickstart.schema, models: quickstart.models, freshestAt: quickstart.freshestAt },
    tenants: { count: tenants.count, missingColumns: tenants.missingColumns },
    problems,
  };
}
