import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import EMOJI from '../../src/preview/web/emoji.json';
import { makeDemoFile } from '../support/demoFile';
import { CHANNELS, USERS, startHarness, type Harness } from '../support/pulseHarness';
import { describeInBrowser, launchChromium, screenshotPath } from './support/chromium';
import { EVENTUALLY_LIMIT_MS } from '../support/eventually';

/**
 * The README's picture of the preview. Written only when asked (PULSE_UPDATE_DOCS_PICTURE=1), so an
 * ordinary test run does not change a tracked file: every run's times differ.
 */
const README_PICTURE = path.resolve(__dirname, '../../docs/preview.png');
/** The README's picture of the morning dashboard, written under the same condition. */
const README_DASHBOARD_PICTURE = path.resolve(__dirname, '../../docs/dashboard.png');
const UPDATE_README_PICTURE = process.env.PULSE_UPDATE_DOCS_PICTURE === '1';
const DESKTOP = { width: 1280, height: 800 };
const PREVIEW_USER = USERS.ops;

type Channel = { id: string; name: string };


function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(folder, name));
}

describe('emoji in Pulse messages', () => {
  it('are all ones the preview page draws, so no :shortcode: shows as text', () => {
    const root = path.resolve(__dirname, '../../src');
    const used = new Set<string>();
    for (const file of [...sourceFiles(path.join(root, 'views')), ...sourceFiles(path.join(root, 'slack')), ...sourceFiles(path.join(root, 'alerts'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?<![\w:$]):([a-z0-9_+-]+):(?![\w:$])/g)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !(name in EMOJI)).sort()).toEqual([]);
  });
});

describeInBrowser('the Pulse app in the local Slack preview', () => {
  let demo: Awaited<ReturnType<typeof makeDemoFile>>;
  let pulse: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    // Demo data generated for the present, so dates read "Today" and "2 hours ago" as a user sees them.
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    demo = await makeDemoFile({ now });
    pulse = await startHarness({ duckdbPath: demo.path, now });
    // The same job controls src/main.ts registers for the preview.
    pulse.standIn.setJobs({
      runDashboard: async () => void (await pulse.jobs.runDashboard()),
      runAlerts: async () => void (await pulse.jobs.runAlerts()),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pulse?.stop();
    demo?.remove();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: DESKTOP, timezoneId: 'America/New_York', locale: 'en-US' });
    // Shorter than the test's own timeout, so a wait that fails names what it waited for.
    context.setDefaultTimeout(EVENTUALLY_LIMIT_MS);
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  async function openChannel(channel: Channel, target: Page = page): Promise<void> {
    await target.goto(`${pulse.standIn.url}/#/${channel.id}`);
    await target.locator('#channel-name', { hasText: `# ${channel.name}` }).waitFor();
    await target.locator('#presence-text', { hasText: 'is connected' }).waitFor({ state: 'attached' });
    expect(await target.locator('#banner').isHidden()).toBe(true);
  }

  async function typeCommand(text: string): Promise<void> {
    await page.locator('#composer-input').fill(text);
    await page.locator('#composer-input').press('Enter');
  }

  /** Presses a job control and waits for the page to say it finished. */
  async function runJob(label: string): Promise<void> {
    const button = page.locator('.job-button', { hasText: label });
    await button.click();
    await page.locator('.toast', { hasText: `${label.replace(/ now$/, '')}: done` }).waitFor();
    await page.locator('.job-button:not([disabled])', { hasText: label }).waitFor();
  }

  /** A fresh load of the same channel, so no toast covers a screenshot. */
  async function reload(): Promise<void> {
    await page.reload();
    await page.locator('#presence-text', { hasText: 'is connected' }).waitFor({ state: 'attached' });
  }

  const messages = (target: Page = page) => target.locator('#messages > .message');
  const groupedAlerts = (target: Page = page) => messages(target).filter({ has: target.locator('[data-action-id="acknowledgeGroup"]') }).last();
  const messageWith = (text: string | RegExp, target: Page = page): Locator => messages(target).filter({ hasText: text }).last();
  /** The tenant's own alert message (its snooze select stays while it is open or acknowledged). */
  const alertMessage = (target: Page = page): Locator => messages(target).filter({ has: target.locator('[data-action-id="snoozeAlert"]') }).last();
  // The Node program has no DOM types: the element is described by the one method used.
  const scrollToTop = (message: Locator) => message.evaluate((node: { scrollIntoView(options: { block: 'start' }): void }) => node.scrollIntoView({ block: 'start' }));

  /** Whether the element is inside the visible part of the scrolling message list (not merely rendered). */
  async function isScrolledIntoView(element: Locator): Promise<boolean> {
    const [box, list] = await Promise.all([element.boundingBox(), element.page().locator('#messages').boundingBox()]);
    return box !== null && list !== null && box.y >= list.y && box.y + box.height <= list.y + list.height;
  }

  /** The page scrolls after it renders; this waits for that, then says whether the element ended up in view. */
  async function comesIntoView(element: Locator): Promise<boolean> {
    const giveUpAt = Date.now() + EVENTUALLY_LIMIT_MS;
    while (!(await isScrolledIntoView(element))) {
      if (Date.now() > giveUpAt) return false;
      await element.page().waitForTimeout(50);
    }
    return true;
  }

  /** No raw Slack syntax may reach the reader: date tokens, mentions, links and emoji are all rendered. */
  async function expectNoRawSlackSyntax(scope: Locator): Promise<void> {
    const text = (await scope.innerText()).replace(/\s+/g, ' ');
    expect(text).not.toMatch(/<!date|<@U|<#C|<https?:|&lt;|&gt;|&amp;|(?<![\w:]):[a-z0-9_+-]+:(?![\w:])/);
  }

  /** Nothing in the channel is wider than the screen: tables and long lines wrap instead of overflowing. */
  async function expectFitsWidth(target: Page): Promise<void> {
    expect(await target.evaluate<number>("(() => { const box = document.getElementById('messages'); return box.scrollWidth - box.clientWidth; })()")).toBe(0);
    expect(await target.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(target.viewportSize()?.width ?? 0);
  }

  it('answers /fivetran status typed in the composer, only to the person who asked', async () => {
    await openChannel(CHANNELS.ops);
    await typeCommand('/fivetran status');
    await page.locator('.message.command', { hasText: '/fivetran status' }).waitFor();
    const answer = messageWith('hubspot_acme');
    await answer.waitFor();
    expect(await answer.getAttribute('class')).toContain('ephemeral');
    expect(await answer.locator('.ephemeral-note').innerText()).toContain('Only visible to you');
    expect(await answer.locator('.app-badge').innerText()).toBe('APP');
    expect(await answer.locator('button', { hasText: 'Share in channel' }).count()).toBe(1);
    // Its connections in a table block: health, the linked connection, tenant, alert, last success in the reader's time.
    const list = answer.locator('.block-table');
    expect(await list.locator('th').allInnerTexts()).toEqual(['Health', 'Connection', 'Tenant', 'Alerts', 'Last success']);
    expect(await list.locator('tbody tr').count()).toBe(10);
    expect(await list.locator('tbody tr', { hasText: 'hubspot_acme' }).locator('a').count()).toBe(1);
    expect(await list.locator('time').count()).toBeGreaterThan(5);
    await expectNoRawSlackSyntax(answer);
    await expectFitsWidth(page);
    // The channel followed the answer to its end: its buttons are in view.
    expect(await comesIntoView(answer.locator('button', { hasText: 'Share in channel' }))).toBe(true);
    await scrollToTop(answer);
    await page.screenshot({ path: screenshotPath('pulse-status.png') });
  });

  it('runs the alert job from its control: a grouped alert in the ops channel, single alerts in tenant channels', async () => {
    await openChannel(CHANNELS.ops);
    await runJob('Run alerts now');
    // Tenant channels that got an alert while ops was open are marked unread.
    await page.locator('#channel-list a.unread', { hasText: CHANNELS.acme.name }).waitFor();
    await page.locator('#channel-list a.unread', { hasText: CHANNELS.globex.name }).waitFor();
    await reload();

    const grouped = groupedAlerts();
    await grouped.locator('.block-header', { hasText: /incidents firing/ }).waitFor();
    expect(await grouped.locator('button.btn-primary').innerText()).toMatch(/^Acknowledge all \d+$/);
    // Each alert of the group keeps its own menu.
    expect(await grouped.locator('.overflow-toggle').count()).toBeGreaterThan(1);
    await expectNoRawSlackSyntax(grouped);
    await expectFitsWidth(page);
    const picture = screenshotPath('pulse-alerts.png');
    await page.screenshot({ path: picture });
    if (UPDATE_README_PICTURE) {
      mkdirSync(path.dirname(README_PICTURE), { recursive: true });
      copyFileSync(picture, README_PICTURE);
    }

    // The demo's globex_postgres fails, is late and logs errors: one message, with its three rules.
    await openChannel(CHANNELS.globex);
    const postgres = messages().filter({ hasText: 'globex_postgres' });
    await postgres.first().waitFor();
    expect(await postgres.count()).toBe(1);
    expect(await postgres.innerText()).toMatch(/Sync failed[\s\S]*Sync delayed[\s\S]*Frequent errors/);
    await expectNoRawSlackSyntax(postgres);
    await page.screenshot({ path: screenshotPath('pulse-incident.png') });

    await page.locator('#channel-list a', { hasText: CHANNELS.acme.name }).click();
    await page.locator('#channel-name', { hasText: `# ${CHANNELS.acme.name}` }).waitFor();
    const alert = alertMessage();
    await alert.locator('button.btn-primary', { hasText: 'Acknowledge' }).waitFor();
    expect(await alert.innerText()).toContain('hubspot_acme');
    expect(await alert.locator('select[data-action-id="snoozeAlert"]').count()).toBe(1);
    expect(await alert.locator('time').count()).toBeGreaterThan(0);
    expect(await alert.innerText()).not.toMatch(/globex/);
    await expectNoRawSlackSyntax(alert);
    await page.screenshot({ path: screenshotPath('pulse-alert-tenant.png') });
  });

  it('acknowledges an alert in a tenant channel and the message changes in place', async () => {
    await openChannel(CHANNELS.acme);
    const alert = alertMessage();
    await alert.locator('button', { hasText: 'Acknowledge' }).waitFor();
    const ts = await alert.getAttribute('data-ts');

    await alert.locator('button', { hasText: 'Acknowledge' }).click();
    const updated = page.locator(`#messages > .message[data-ts="${ts}"]`);
    await updated.locator('.body', { hasText: `Acknowledged by @${PREVIEW_USER.name}` }).waitFor();
    expect(await updated.locator('.edited').innerText()).toBe('(edited)');
    expect(await updated.locator('button', { hasText: 'Acknowledge' }).count()).toBe(0);
    expect(await messages().filter({ hasText: 'hubspot_acme' }).count()).toBe(1);
    await expectNoRawSlackSyntax(updated);
    await page.screenshot({ path: screenshotPath('pulse-acknowledged.png') });

    // Every copy is edited: the grouped message in the ops channel names who acknowledged it too.
    await openChannel(CHANNELS.ops);
    await groupedAlerts().locator('.section-text', { hasText: 'hubspot_acme' }).filter({ hasText: `Acknowledged by @${PREVIEW_USER.name}` }).waitFor();
  });

  it('runs the morning dashboard from its control and shows it', async () => {
    await openChannel(CHANNELS.ops);
    await runJob('Run morning dashboard now');
    await reload();
    const dashboard = messageWith('daily dashboard');
    await dashboard.locator('.block-header', { hasText: 'Fivetran Pulse · daily dashboard' }).waitFor();
    expect(await dashboard.locator('button', { hasText: 'Refresh' }).count()).toBe(1);
    expect(await dashboard.innerText()).toContain('Since the last dashboard');
    // The table by tenant, drawn as Slack draws a table block: a heading row, then a row per tenant.
    const tenants = dashboard.locator('.block-table');
    expect(await tenants.count()).toBe(1);
    expect(await tenants.locator('th').allInnerTexts()).toEqual(['Tenant', 'Connections', 'Broken', 'Late or failing', 'Open incidents', 'MAR this month', 'vs last month']);
    expect(await tenants.locator('tbody tr').count()).toBeGreaterThan(2);
    expect(await tenants.locator('tbody tr', { hasText: 'globex' }).count()).toBe(1);
    await expectNoRawSlackSyntax(dashboard);
    await expectFitsWidth(page);
    // The top message fits a laptop's screen; the details wait in its thread.
    const whole = await dashboard.boundingBox();
    expect(whole!.height).toBeLessThan(DESKTOP.height - 120);
    await scrollToTop(dashboard);
    const dashboardPicture = screenshotPath('pulse-dashboard.png');
    await page.screenshot({ path: dashboardPicture });
    if (UPDATE_README_PICTURE) copyFileSync(dashboardPicture, README_DASHBOARD_PICTURE);

    await dashboard.locator('.thread-toggle').click();
    const thread = dashboard.locator('.thread');
    await thread.locator('.message', { hasText: 'Needs attention' }).waitFor();
    await thread.locator('.message', { hasText: 'Slowest syncs' }).locator('.block-table').waitFor();
    await expectNoRawSlackSyntax(thread);
    await expectFitsWidth(page);
    await thread.locator('.message', { hasText: 'Slowest syncs' }).evaluate((node: { scrollIntoView(options: { block: 'start' }): void }) => node.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('pulse-dashboard-thread.png') });

    // A tenant's dashboard shows that tenant only.
    await openChannel(CHANNELS.globex);
    const own = messageWith('daily dashboard');
    await own.waitFor();
    expect(await own.innerText()).not.toMatch(/hubspot_acme/);
  });

  it('works at phone width: the sidebar folds away and the messages fit the screen', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'America/New_York',
      locale: 'en-US',
    });
    phone.setDefaultTimeout(EVENTUALLY_LIMIT_MS);
    try {
      const small = await phone.newPage();
      const errors: string[] = [];
      small.on('pageerror', (error) => errors.push(error.message));
      await openChannel(CHANNELS.acme, small);
      const alert = alertMessage(small);
      await alert.locator('select[data-action-id="snoozeAlert"]').waitFor();
      expect(await small.locator('#sidebar').isVisible()).toBe(false);
      await expectFitsWidth(small);
      await scrollToTop(alert);
      await small.screenshot({ path: screenshotPath('pulse-phone.png') });

      // Commands and their answers work there too; sending brings the channel to its latest message, though it was scrolled up.
      const answered = await small.locator('#messages > .message.ephemeral').count();
      await small.locator('#composer-input').fill('/fivetran status');
      await small.locator('#composer-input').press('Enter');
      const answer = small.locator('#messages > .message.ephemeral').nth(answered);
      await answer.locator('.ephemeral-note').waitFor();
      await expectFitsWidth(small);
      expect(await comesIntoView(answer.locator('button', { hasText: 'Share in channel' }))).toBe(true);
      await small.screenshot({ path: screenshotPath('pulse-phone-status.png') });

      await small.locator('#menu-button').tap();
      await small.locator('#sidebar').waitFor({ state: 'visible' });
      await small.locator('#channel-list a', { hasText: CHANNELS.ops.name }).tap();
      await small.locator('#channel-name', { hasText: `# ${CHANNELS.ops.name}` }).waitFor();
      await small.locator('#sidebar').waitFor({ state: 'hidden' });
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
