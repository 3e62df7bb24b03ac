import { editsShowing, type AlertEdit } from './messages';
import type { AlertStore } from './store';
import type { AuditEntry, Incident } from './types';

/** One change a person makes to alerts, as the shared skeleton carries it out. */
export interface AlertChange {
  /** Writes the change; answers with the ids it changed (not those already in that state). */
  write(incidentIds: string[]): Promise<string[]>;
  /** How the audit trail records each changed incident. */
  audit: Pick<AuditEntry, 'at' | 'actor' | 'action' | 'channel' | 'detail'>;
}

export interface ChangedAlerts {
  changed: string[];
  /** The targeted incidents as they stand after the change. */
  incidents: Incident[];
  /** Every posted message that shows a targeted incident, with all it shows now. */
  edits: AlertEdit[];
}

/**
 * The one shape of every action on alerts: write the change, audit what it changed, then read once
 * what the affected messages show now (a concurrent click may have changed more than this one).
 */
export async function changeAlerts(store: AlertStore, targeted: readonly Incident[], change: AlertChange): Promise<ChangedAlerts> {
  const ids = targeted.map((incident) => incident.incidentId);
  const changed = await change.write(ids);
  if (changed.length > 0) {
    await store.audit(
      targeted
        .filter((incident) => changed.includes(incident.incidentId))
        .map((incident) => ({ ...change.audit, incidentId: incident.incidentId, fingerprint: incident.fingerprint })),
    );
  }
  const shown = await store.getShownWith(ids);
  return { changed, incidents: shown.filter((incident) => ids.includes(incident.incidentId)), edits: editsShowing(shown, ids) };
}
