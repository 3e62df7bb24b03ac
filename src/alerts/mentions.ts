import type { AlertRulesConfig } from '../config/loadAlertRules';
import { thresholdsFor } from '../health/thresholds';
import type { Incident } from './types';

/**
 * Who a post or a reminder about an incident notifies: the rules file's `mention` for its severity
 * (globally, per tenant, per connection, the most specific winning), else ALERT_MENTION for
 * critical incidents. Null for nobody. Edits and thread notes never notify anyone.
 */
export function mentionsFor(rules: AlertRulesConfig, alertMention: string | null): (incident: Pick<Incident, 'tenantId' | 'connectionId' | 'severity'>) => string | null {
  return (incident) => {
    const configured = thresholdsFor(rules, incident.tenantId, incident.connectionId).mention[incident.severity];
    if (configured !== undefined) return configured || null;
    return incident.severity === 'critical' ? alertMention : null;
  };
}
