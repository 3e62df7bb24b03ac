import { compareAlerts, worseSeverity } from '../health/alertOrder';
import type { Alert, Severity } from '../health/types';
import type { Incident, IncidentRule } from './types';

/**
 * An incident is a connection in trouble: these small facts say which incident an alert belongs
 * to and how an incident's rules read, the same way for the alert run, the messages and the answers.
 */

/** The incident an alert belongs to: its connection's, or the monitoring data's own when it goes stale. */
export function incidentKeyOf(alert: Pick<Alert, 'rule' | 'connectionId'>): string {
  return alert.connectionId === null || alert.rule === 'metadata_stale' ? 'metadata_stale' : `connection:${alert.connectionId}`;
}

/** An alert as one rule of an incident, firing since `startedAt`. */
export function incidentRuleOf(alert: Alert, startedAt: string): IncidentRule {
  return {
    rule: alert.rule,
    fingerprint: alert.fingerprint,
    severity: alert.severity,
    summary: alert.summary,
    since: alert.since,
    details: { ...alert.details },
    startedAt,
    clearedAt: null,
  };
}

/** Firing rules first, each part worst first. */
export function orderRules(rules: readonly IncidentRule[]): IncidentRule[] {
  return [...rules].sort((a, b) => Number(a.clearedAt !== null) - Number(b.clearedAt !== null) || compareAlerts(a, b));
}

/** The rules firing now; none once the incident is resolved, however it was resolved. */
export function firingRules(incident: Pick<Incident, 'rules' | 'status'>): IncidentRule[] {
  return incident.status === 'resolved' ? [] : orderRules(incident.rules).filter((rule) => rule.clearedAt === null);
}

/** The rule an incident is known by: its worst firing rule, or its worst rule once none fires. */
export function headlineRule(incident: Pick<Incident, 'rules' | 'status'>): IncidentRule | null {
  return firingRules(incident)[0] ?? orderRules(incident.rules)[0] ?? null;
}

/** The worst severity among the rules firing (among all of them when none fires). */
export function severityOfRules(rules: readonly IncidentRule[]): Severity {
  const firing = rules.filter((rule) => rule.clearedAt === null);
  return (firing.length > 0 ? firing : rules).reduce<Severity>((worst, rule) => worseSeverity(worst, rule.severity), 'warning');
}

/**
 * When the connection got into trouble: the earliest "since" of the rules it shows (firing ones
 * while it fires); when the data cannot tell, when an alert run first saw the rule.
 */
export function incidentSince(incident: Pick<Incident, 'rules' | 'status' | 'openedAt'>): string {
  const firing = firingRules(incident);
  const rules = firing.length > 0 ? firing : incident.rules;
  const instants = rules.map((rule) => rule.since ?? rule.startedAt).filter((iso) => !Number.isNaN(Date.parse(iso)));
  return instants.length === 0 ? incident.openedAt : instants.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

/** What an incident is about in words: the connection's name, or the monitoring data. */
export function incidentName(incident: Pick<Incident, 'connectionId' | 'connectionName'>): string {
  return incident.connectionName || incident.connectionId || 'monitoring data';
}
