import type { App } from '@slack/bolt';
import type { PulseServices } from '../../../jobs/services';
import type { HomeTabs } from '../../homeTab';

/** app_home_opened: the Home tab is shown as it stands now (only the Home tab: the Messages tab needs nothing). */
export function register(app: App, services: PulseServices, home: HomeTabs): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await home.opened(event.user);
    } catch (error) {
      services.logger.error({ err: error, user: event.user }, 'could not show the App Home');
    }
  });
}
