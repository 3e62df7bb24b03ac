import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import { makeDemoFile } from '../support/demoFile';
import { EVENTUALLY_LIMIT_MS } from '../support/eventually';
import { CHANNELS, startHarness, type Harness } from '../support/pulseHarness';
import { describeInBrowser, launchChromium, screenshotPath } from './support/chromium';

type Channel = { id: string; name: string };

describeInBrowser('charts in the local Slack preview', () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    demo = await makeDemoFile({ now });
    pulse = await startHarness({ duckdbPath: demo.path, now });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pulse?.stop();
    demo?.remove();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(EVENTUALLY_LIMIT_MS);
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  async function openChannel(channel: Channel): Promise<void> {
    await page.goto(`${pulse.standIn.url}/#/${channel.id}`);
    await page.locator('#channel-name', { hasText: `# ${channel.name}` }).waitFor();
    await page.locator('#presence-text', { hasText: 'is connected' }).waitFor({ state: 'attached' });
  }

  async function typeCommand(text: string): Promise<void> {
    await page.locator('#composer-input').fill(text);
    await page.locator('#composer-input').press('Enter');
  }

  /** The newest message with a chart of this title, once the browser has loaded and decoded its image. */
  async function loadedChart(title: RegExp): Promise<Locator> {
    const message = page.locator('#messages > .message').filter({ has: page.locator('.file-image', { hasText: title }) }).last();
    const image = message.locator('.file-image img');
    await image.waitFor();
    await page.waitForFunction((img) => (img as { complete: boolean; naturalWidth: number }).complete && (img as { naturalWidth: number }).naturalWidth > 0, await image.elementHandle());
    return message;
  }

  it('shows the chart a shared /fivetran mar uploads, under the shared answer, with its alt text', async () => {
    await openChannel(CHANNELS.ops);
    await typeCommand('/fivetran mar');
    const answer = page.locator('#messages .message.ephemeral').filter({ hasText: 'posts this answer with a chart' }).last();
    await answer.waitFor();
    await answer.locator('button', { hasText: 'Share in channel' }).click();

    const message = await loadedChart(/^MAR by day, all tenants/);
    const image = message.locator('.file-image img');
    expect(await image.getAttribute('alt')).toMatch(/^Bar chart of monthly active rows by day for the whole account/);
    const size = await image.evaluate((img) => ({ natural: (img as { naturalWidth: number }).naturalWidth, shown: (img as { clientWidth: number }).clientWidth }));
    expect(size.natural).toBeGreaterThan(1000);
    // Drawn at twice its size, shown no wider than the column: sharp, and never overflowing.
    expect(size.shown).toBeGreaterThan(300);
    expect(size.shown).toBeLessThanOrEqual(560);
    expect(await message.locator('.body').innerText()).toMatch(/Shared by @olivia\.ops with the answer above\./);
    await message.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('chart-mar.png') });
  });

  it('shows a connection\'s sync durations chart, also on a phone-sized screen', async () => {
    await openChannel(CHANNELS.ops);
    await typeCommand('/fivetran syncs globex_postgres');
    const answer = page.locator('#messages .message.ephemeral').filter({ hasText: 'its sync durations over the last 30 days' }).last();
    await answer.waitFor();
    await answer.locator('button', { hasText: 'Share in channel' }).click();
    const message = await loadedChart(/^Sync durations, globex_postgres/);
    const figure = message.locator('.file-image');
    await figure.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('chart-sync-durations.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    await figure.scrollIntoViewIfNeeded();
    const fits = await figure.locator('img').evaluate((img) => (img as { getBoundingClientRect(): { right: number } }).getBoundingClientRect().right);
    expect(fits).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('chart-sync-durations-phone.png') });
  });
});
