import { existsSync } from 'node:fs';

import { LogLevel, WebClient } from '@slack/web-api';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { startSlackStandIn, type SlackStandIn } from '../../src/preview/standin';
import { describeInBrowser, launchChromium, screenshotPath } from './support/chromium';
import { BOT_TOKEN, SIGNING_SECRET, alertBlocks, startMinimalBoltApp, type MinimalApp } from './support/minimalBoltApp';

const ALICE = { id: 'U0ALICE001', name: 'alice' };
const CHANNELS = [
  { id: 'C0OPS00001', name: 'fivetran-ops' },
  { id: 'C0ACME0001', name: 'acme-data' },
  { id: 'C0GLOBEX01', name: 'globex-data' },
  { id: 'C0INITECH1', name: 'initech-data' },
  { id: 'C0UMBREL01', name: 'umbrella-data' },
];
const [OPS, ACME, GLOBEX, INITECH, UMBRELLA] = CHANNELS as [
  (typeof CHANNELS)[number],
  (typeof CHANNELS)[number],
  (typeof CHANNELS)[number],
  (typeof CHANNELS)[number],
  (typeof CHANNELS)[number],
];

describeInBrowser('Slack preview page in Chromium', () => {
  let standIn: SlackStandIn;
  let bolt: MinimalApp;
  let browser: Browser;
  let client: WebClient;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    standIn = await startSlackStandIn({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: CHANNELS, users: [ALICE] });
    bolt = await startMinimalBoltApp({ standIn });
    client = new WebClient(BOT_TOKEN, { slackApiUrl: standIn.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await bolt?.stop();
    await standIn?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: 'America/New_York', locale: 'en-US' });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  async function openChannel(channel: { id: string; name: string }, target: Page = page): Promise<void> {
    await target.goto(`${standIn.url}/#/${channel.id}`);
    await target.locator('#channel-name', { hasText: `# ${channel.name}` }).waitFor();
  }

  async function typeCommand(text: string): Promise<void> {
    await page.locator('#composer-input').fill(text);
    await page.locator('#composer-input').press('Enter');
  }

  const messageWith = (text: string) => page.locator('#messages .message', { hasText: text }).last();

  it('sends a typed slash command and shows the ephemeral answer', async () => {
    await openChannel(OPS);
    await typeCommand('/fivetran status acme');
    const answer = messageWith('You asked for status with acme.');
    await answer.waitFor();
    expect(await answer.locator('.ephemeral-note').textContent()).toContain('Only visible to you');
    expect(await answer.locator('strong').first().textContent()).toBe('status');
    await page.locator('.message.command', { hasText: '/fivetran status acme' }).waitFor();
    expect(await page.locator('#composer-input').inputValue()).toBe('');
  });

  it('presses a button, sees the message change in place, and opens the thread', async () => {
    await openChannel(ACME);
    await typeCommand('/fivetran alert Salesforce broken');
    const alert = messageWith('Salesforce broken');
    await alert.locator('.block-header').waitFor();
    const ts = await alert.getAttribute('data-ts');
    expect(await alert.locator('button.btn-primary').textContent()).toBe('Acknowledge');

    await alert.locator('button', { hasText: 'Acknowledge' }).click();
    const updated = page.locator(`#messages .message[data-ts="${ts}"]`).first();
    await updated.locator('.body', { hasText: `Acknowledged by @${ALICE.name}` }).waitFor();
    expect(await updated.locator('.edited').textContent()).toBe('(edited)');
    expect(await updated.locator('.block-header').count()).toBe(0);

    await updated.locator('.thread-toggle', { hasText: '1 reply' }).click();
    await updated.locator('.thread .message', { hasText: `@${ALICE.name} is on it.` }).waitFor();
    await page.screenshot({ path: screenshotPath('preview-desktop-button.png') });
  });

  it('works overflow menus and static selects', async () => {
    await openChannel(GLOBEX);
    await typeCommand('/fivetran alert Stripe delayed');
    const alert = messageWith('Stripe delayed');
    await alert.locator('.block-header').waitFor();
    const ts = await alert.getAttribute('data-ts');

    await alert.locator('select[data-action-id="assign_owner"]').selectOption('platform');
    await messageWith('Assigned to platform.').waitFor();

    await alert.locator('.overflow-toggle').click();
    await alert.locator('.overflow-item', { hasText: 'Snooze 1 day' }).click();
    await page.locator(`#messages .message[data-ts="${ts}"]`, { hasText: 'Snoozed for 1d.' }).waitFor();
  });

  it('runs a job from its control and shows what it posted, or why it failed', async () => {
    let runs = 0;
    standIn.setJobs({
      runDashboard: async () => {
        runs += 1;
        await client.chat.postMessage({
          channel: INITECH.id,
          text: 'Morning dashboard',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Morning dashboard' } },
            { type: 'section', text: { type: 'mrkdwn', text: ':large_green_circle: 41 healthy · :red_circle: 2 broken · :zzz: 3 paused' } },
          ],
        });
      },
      runAlerts: async () => {
        throw new Error('warehouse unreachable');
      },
    });
    await openChannel(INITECH);
    await page.locator('.job-button', { hasText: 'Run morning dashboard now' }).click();
    await messageWith('Morning dashboard').locator('.block-header').waitFor();
    expect(runs).toBe(1);
    await page.locator('.job-button', { hasText: 'Run alerts now' }).click();
    await page.locator('.toast.error', { hasText: 'warehouse unreachable' }).waitFor();
  });

  it('shows messages posted while the page is open, renders dates in the reader\'s time zone, and escapes text', async () => {
    await openChannel(UMBRELLA);
    const epoch = Date.UTC(2024, 0, 15, 14, 5) / 1000;
    await client.chat.postMessage({
      channel: UMBRELLA.id,
      text: `Broken since <!date^${epoch}^{date_short_pretty} {time}|2024-01-15 14:05 UTC> <img src=x onerror="window.__injected=1"> &lt;b&gt;not bold&lt;/b&gt;`,
    });
    const message = messageWith('Broken since');
    await message.waitFor();
    expect(await message.locator('time').textContent()).toBe('Jan 15, 2024 9:05 AM');
    expect(await message.locator('.body').textContent()).toContain('<b>not bold</b>');
    expect(await message.locator('.body img, .body b').count()).toBe(0);
    expect(await page.evaluate('window.__injected')).toBeUndefined();
  });

  it('marks channels with new messages and follows channel links', async () => {
    await openChannel(OPS);
    await client.chat.postMessage({ channel: UMBRELLA.id, text: 'Something new in umbrella' });
    const link = page.locator('#channel-list a', { hasText: UMBRELLA.name });
    await page.locator('#channel-list a.unread', { hasText: UMBRELLA.name }).waitFor();
    await link.click();
    await messageWith('Something new in umbrella').waitFor();
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect((await link.getAttribute('class')) ?? '').not.toContain('unread');
  });

  it('fits a phone: the sidebar collapses behind a menu button', async () => {
    await client.chat.postMessage({ channel: OPS.id, text: 'Alert', blocks: alertBlocks('Zendesk sync delayed') });
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'America/New_York',
    });
    try {
      const small = await phone.newPage();
      await openChannel(OPS, small);
      await small.locator('.block-header', { hasText: 'Zendesk sync delayed' }).waitFor();
      expect(await small.locator('#sidebar').isVisible()).toBe(false);
      const width = await small.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(390);
      await small.screenshot({ path: screenshotPath('preview-phone.png') });

      await small.locator('#menu-button').click();
      await small.locator('#sidebar').waitFor({ state: 'visible' });
      // The sidebar slides in: the picture is taken once it has arrived.
      await small.locator('#sidebar').evaluate((sidebar) => Promise.all(sidebar.getAnimations({ subtree: true }).map((animation: { finished: Promise<unknown> }) => animation.finished)));
      await small.screenshot({ path: screenshotPath('preview-phone-sidebar.png') });
      await small.locator('#channel-list a', { hasText: ACME.name }).click();
      await small.locator('#channel-name', { hasText: `# ${ACME.name}` }).waitFor();
      await small.locator('#sidebar').waitFor({ state: 'hidden' });
    } finally {
      await phone.close();
    }
  });

  it('looks right on a desktop', async () => {
    await openChannel(OPS);
    await page.locator('.block-header', { hasText: 'Zendesk sync delayed' }).waitFor();
    await page.screenshot({ path: screenshotPath('preview-desktop.png') });
    expect(existsSync(screenshotPath('preview-desktop.png'))).toBe(true);
  });
});
