import type { Browser, BrowserContext, Page } from 'playwright-core';

import { makeDemoFile } from '../support/demoFile';
import { eventually, EVENTUALLY_LIMIT_MS } from '../support/eventually';
import { startHarness, USERS, type Harness } from '../support/pulseHarness';
import { describeInBrowser, launchChromium, screenshotPath } from './support/chromium';

const DESKTOP = { width: 1280, height: 900 };

describeInBrowser("the app's Home tab in the local Slack preview", () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    demo = await makeDemoFile({ now });
    pulse = await startHarness({ duckdbPath: demo.path, now });
    await pulse.jobs.runAlerts();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, timezoneId: 'America/New_York', locale: 'en-US' });
    context.setDefaultTimeout(EVENTUALLY_LIMIT_MS);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await pulse?.stop();
    demo?.remove();
  });

  it('opens Home from the sidebar: the published view with its open incidents, buttons and the table by tenant', async () => {
    await page.goto(`${pulse.standIn.url}/`);
    await page.locator('#presence-text', { hasText: 'is connected' }).waitFor({ state: 'attached' });
    await page.locator('#home-link').click();
    await page.locator('#channel-name', { hasText: 'Home' }).waitFor();
    const home = page.locator('#home .home-view[data-view]');
    await home.waitFor();
    expect(pulse.standIn.callsTo('views.publish').at(-1)?.args.user_id).toBe(USERS.ops.id);
    expect(await page.locator('#messages').isHidden()).toBe(true);
    expect(await page.locator('#composer').isHidden()).toBe(true);
    expect(await home.innerText()).toContain('Open incidents');
    expect(await home.locator('[data-action-id="acknowledgeAlert"]').count()).toBeGreaterThan(0);
    const table = home.locator('.block-table');
    expect(await table.locator('th').allInnerTexts()).toEqual(['Tenant', 'Connections', 'Broken', 'Late or failing', 'Open incidents', 'MAR this month', 'vs last month']);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(1);
    await page.screenshot({ path: screenshotPath('app-home.png'), fullPage: false });
  });

  it('acknowledging from Home shows Home again, the incident acknowledged', async () => {
    const home = page.locator('#home .home-view[data-view]');
    const before = await home.locator('[data-action-id="acknowledgeAlert"]').count();
    const publishes = pulse.standIn.callsTo('views.publish').length;
    await home.locator('[data-action-id="acknowledgeAlert"]').first().click();
    await eventually(() => pulse.standIn.callsTo('views.publish').length > publishes, undefined, 'Home published again');
    await page.locator('#home .home-view', { hasText: 'Acknowledged by' }).waitFor();
    expect(await home.locator('[data-action-id="acknowledgeAlert"]').count()).toBe(before - 1);
    // Back to a channel: the messages show again.
    await page.locator('#channel-list a').first().click();
    await page.locator('#channel-name', { hasText: '#' }).waitFor();
    expect(await page.locator('#home').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
