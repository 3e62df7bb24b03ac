import type { AlertRunPlan } from '../alerts/planAlertRun';

/**
 * Said whenever incidents changed (an alert run opened, resolved or changed one; someone
 * acknowledged or snoozed): surfaces that show incidents outside their messages (the App Home)
 * listen and show them again. In the process only.
 */
export class IncidentChanges {
  private readonly listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own: the change itself is already stored.
      }
    }
  }
}

/** Whether an alert run changed any incident a person could see. */
export function planChangedIncidents(plan: AlertRunPlan): boolean {
  return plan.opened.length + plan.reopened.length + plan.edits.length + plan.resolved.length + plan.merged.length + plan.snoozesExpired.length > 0;
}
