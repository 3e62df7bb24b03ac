import { existsSync } from 'node:fs';

import { LogLevel, WebClient } from '@slack/web-api';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';

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

  it('runs a job on what is chosen beside it, keeps the choice while the sidebar changes, and shows the notes under the jobs', async () => {
    const chosen: Array<string | undefined> = [];
    standIn.setJobs({
      failSync: {
        label: 'Fail a sync',
        choices: [
          { value: 'calendar_elected', label: 'acme_salesforce (Acme Inc.)' },
          { value: 'gilded_lantern', label: 'acme_eu_pg (Acme Europe GmbH)' },
        ],
        run: async (choice) => {
          chosen.push(choice);
        },
      },
    });
    await openChannel(INITECH);
    const select = page.locator('select[data-job-choice="failSync"]');
    expect(await select.inputValue()).toBe('calendar_elected');
    await select.selectOption('gilded_lantern');
    // A change of the notes draws the sidebar anew: the choice stays.
    standIn.setJobNotes(['Fivetran API (stand-in): 24 connections, last poll 10:02']);
    await page.locator('.job-note', { hasText: 'Fivetran API (stand-in): 24 connections, last poll 10:02' }).waitFor();
    expect(await select.inputValue()).toBe('gilded_lantern');
    await page.locator('.job-button', { hasText: 'Fail a sync' }).click();
    await page.locator('.toast', { hasText: 'Fail a sync: done' }).waitFor();
    expect(chosen).toEqual(['gilded_lantern']);
    standIn.setJobNotes([]);
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

  it('draws digits and spaces in message text from the text font, never from the emoji font', async () => {
    // Noto Color Emoji has digits and a space (for keycaps): with it ahead of every text font that
    // resolves, "3:45 AM" reads "3 : 4 5   AM". Widths tell which font drew a string.
    const sample = '0123456789 0 1 2 : 3 4 5';
    await openChannel(UMBRELLA);
    await client.chat.postMessage({ channel: UMBRELLA.id, text: `Last sync ${sample} :white_check_mark:` });
    const message = messageWith('Last sync');
    await message.waitFor();
    const ts = await message.getAttribute('data-ts');
    // A string, as the other page scripts here: the tests are compiled without the DOM's types.
    const widths = await page.evaluate<{ families: string[]; inMessage: number; textFontAlone: number; emojiFontAlone: number }>(
      `((selector, text) => {
        const body = document.querySelector(selector);
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode()) && !node.textContent.includes(text));
        if (!node) throw new Error('no text node with ' + text);
        const range = document.createRange();
        const start = node.textContent.indexOf(text);
        range.setStart(node, start);
        range.setEnd(node, start + text.length);
        const style = getComputedStyle(node.parentElement);
        const families = style.fontFamily.split(',').map((family) => family.trim());
        const measure = (fontFamily) => {
          const span = document.createElement('span');
          span.style.cssText = 'white-space: pre; font-size: ' + style.fontSize + '; font-weight: ' + style.fontWeight;
          span.style.fontFamily = fontFamily;
          span.textContent = text;
          body.appendChild(span);
          const width = span.getBoundingClientRect().width;
          span.remove();
          return width;
        };
        return {
          families,
          inMessage: range.getBoundingClientRect().width,
          textFontAlone: measure(families.filter((family) => !/emoji/i.test(family)).join(', ')),
          emojiFontAlone: measure("'Noto Color Emoji'"),
        };
      })(${JSON.stringify(`#messages .message[data-ts="${ts}"] .body`)}, ${JSON.stringify(sample)})`,
    );
    // The emoji font must be there for this test to mean anything (CI installs fonts-noto-color-emoji).
    expect(Math.abs(widths.emojiFontAlone - widths.textFontAlone)).toBeGreaterThan(10);
    // Emoji fonts come last: after them, no text font may follow.
    const firstEmoji = widths.families.findIndex((family) => /emoji/i.test(family));
    expect((firstEmoji === -1 ? [] : widths.families.slice(firstEmoji)).filter((family) => !/emoji/i.test(family))).toEqual([]);
    expect({ families: widths.families, width: Math.round(widths.inMessage * 10) / 10 }).toEqual({
      families: widths.families,
      width: Math.round(widths.textFontAlone * 10) / 10,
    });
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
      await small.locator('#sidebar').evaluate((sidebar) => {
        // The test program has no DOM library: the browser's own Element, described as far as used here.
        const animated = sidebar as unknown as { getAnimations(options: { subtree: boolean }): Array<{ finished: Promise<unknown> }> };
        return Promise.all(animated.getAnimations({ subtree: true }).map((animation) => animation.finished));
      });
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

  // Last: it empties the workspace the tests above filled.
  it('asks before a job that throws something away, and shows the emptied channels after it', async () => {
    let resets = 0;
    standIn.setJobs({
      resetDemo: {
        label: 'Reset demo',
        confirm: 'Start the demo over?',
        run: async () => {
          resets += 1;
          await standIn.resetWorkspace();
        },
      },
    });
    await client.chat.postMessage({ channel: INITECH.id, text: 'Before the reset' });
    await openChannel(INITECH);
    await messageWith('Before the reset').waitFor();
    const reset = page.locator('.job-button', { hasText: 'Reset demo' });

    const questions: string[] = [];
    const dismiss = (dialog: Dialog) => {
      questions.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    };
    page.once('dialog', dismiss);
    await reset.click();
    expect(questions).toEqual(['confirm: Start the demo over?']);
    expect(resets).toBe(0);
    expect(await messageWith('Before the reset').count()).toBe(1);

    page.once('dialog', (dialog) => void dialog.accept());
    await reset.click();
    await page.locator('.toast', { hasText: 'Reset demo: done' }).waitFor();
    expect(resets).toBe(1);
    await page.locator('#messages .message').first().waitFor({ state: 'detached' });
    expect(await page.locator('#channel-name').textContent()).toBe(`# ${INITECH.name}`);
    await client.chat.postMessage({ channel: INITECH.id, text: 'After the reset' });
    await messageWith('After the reset').waitFor();
    expect(await page.locator('#messages .message').count()).toBe(1);
  });
});
