import type { ConnectionSnapshot, OptionalTenantColumn } from '../fivetran/types';
import type { LiveView } from './mergeLive';

/** Fivetran's own Quickstart vocabulary (dbt_fivetran_log `connection_status`). */
export type Health = 'connected' | 'broken' | 'paused' | 'incomplete' | 'initial_sync' | 'priority_first_sync';

export type AlertRule = 'sync_failed' | 'sync_delayed' | 'sync_running_long' | 'frequent_errors' | 'metadata_stale' | 'setup_broken' | 'action_required';

export type Severity = 'critical' | 'warning';

export interface Alert {
  rule: AlertRule;
  /** Null for metadata_stale, which concerns the monitoring data as a whole. */
  connectionId: string | null;
  connectionName: string | null;
  tenantId: string | null;
  severity: Severity;
  /** One line a person can act on. */
  summary: string;
  /** Stable across cycles: `rule:connectionId` (or `metadata_stale`). */
  fingerprint: string;
  /** When the condition began, as far as the data tells. */
  since: string | null;
  /** Rule-specific facts (reason, taskType, counts, thresholds) for details views. */
  details: Record<string, string | number | null>;
}

export interface ConnectionAssessment extends ConnectionSnapshot {
  /** The tenant whose id the connection's name carries (matchTenant); null when none does. */
  tenantId: string | null;
  health: Health;
  /**
   * What Fivetran's API and webhooks said, merged in: which source each fact shown came from and
   * when, and where the warehouse and the live view disagree. Absent when nothing live is known.
   */
  live?: LiveView;
}

export interface Assessment {
  observedAt: string | null;
  /** The wall-clock time of the evaluation (staleness is measured against it). */
  evaluatedAt: string;
  /** The monitoring data is older than it should be; never present it as "all healthy". */
  stale: boolean;
  connections: ConnectionAssessment[];
  alerts: Alert[];
}

/** The monitoring data's own health: the `check` command and readiness. */
export interface CheckReport {
  observedAt: string | null;
  evaluatedAt: string;
  /** Minutes between observedAt and evaluatedAt; null when LOG is empty. */
  ageMinutes: number | null;
  /** Above this age the monitoring data is stale (2 x the Platform connection's frequency, at least 60; 1560 when unknown). */
  staleAfterMinutes: number;
  stale: boolean;
  platformConnection: {
    connectionId: string;
    connectionName: string;
    health: Health;
    paused: boolean;
    syncFrequencyMinutes: number | null;
    lastSuccessfulSyncAt: string | null;
  } | null;
  quickstart: {
    deployed: boolean;
    /** Where the fivetran_platform__* models were found. */
    schema: string | null;
    models: string[];
    /** Newest data in the connection status model, when deployed. */
    freshestAt: string | null;
  };
  /** The tenants table (TENANTS_TABLE) as last read. */
  tenants: {
    count: number;
    /** Optional columns it lacks: tenants load without them. */
    missingColumns: OptionalTenantColumn[];
  };
  /** Plain-words findings, worst first; empty when all is well. */
  problems: string[];
}
