import type { WebClient } from '@slack/web-api';
import { dashboardIncidents } from '../alerts/dashboardChanges';
import { readDashboardData } from '../jobs/dashboards';
import { liveButtonsOf, type PulseServices } from '../jobs/services';
import { buildHomeView, type HomeView } from '../views/blocks/homeView';

/**
 * The App Home of each person who opened it. Who opened it is remembered in memory only: after a
 * restart, a person's Home is shown again the next time they open it (Slack sends
 * app_home_opened each time). Everyone sees every tenant: the Home is the ops team's view.
 */
export class HomeTabs {
  private readonly readers = new Set<string>();
  private refreshing: Promise<void> | null = null;
  private again = false;
  private readonly unlisten: () => void;

  constructor(
    private readonly services: PulseServices,
    private readonly client: () => WebClient,
  ) {
    this.unlisten = services.incidentChanges.listen(() => void this.refreshAll());
  }

  /** Someone opened the Home tab: it is shown as it stands now, and kept up to date from then on. */
  async opened(userId: string): Promise<void> {
    this.readers.add(userId);
    await this.publish(userId);
  }

  /** Shows the Home to one person. */
  async publish(userId: string): Promise<void> {
    await this.send(userId, await this.compose());
  }

  /** The view as it stands now: read once, whoever it is shown to (everyone sees the same ops view). */
  private async compose(): Promise<HomeView> {
    const { services } = this;
    const data = await readDashboardData(services, services.clock());
    const incidents = await services.store.listActive();
    return buildHomeView({
      assessment: data.assessment,
      incidents,
      dashboardIncidents: dashboardIncidents(data.firing),
      tenants: data.tenants,
      marLastMonth: data.marLastMonth,
      live: liveButtonsOf(services),
      liveConfigured: services.fivetranApi !== null,
      demo: services.monitor.demo,
    });
  }

  private async send(userId: string, view: HomeView): Promise<void> {
    await this.client().views.publish({ user_id: userId, view });
  }

  /**
   * Incidents changed: every Home that was opened is shown again, the data read once for all of
   * them; changes that come meanwhile make one more round, not one each.
   */
  refreshAll(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        if (this.readers.size === 0) break;
        let view: HomeView;
        try {
          view = await this.compose();
        } catch (error) {
          this.services.logger.warn({ err: error }, 'could not read what the App Home shows; it is shown again at the next change');
          break;
        }
        for (const userId of this.readers) {
          await this.send(userId, view).catch((error: unknown) => this.services.logger.warn({ err: error, user: userId }, 'could not refresh the App Home'));
        }
      } while (this.again);
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  readerCount(): number {
    return this.readers.size;
  }

  close(): void {
    this.unlisten();
  }
}
