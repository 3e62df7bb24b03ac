import { LogLevel, WebClient } from '@slack/web-api';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { startSlackStandIn, type SlackStandIn } from '../../src/preview/standin';
import { describeInBrowser, launchChromium } from './support/chromium';
import { BOT_TOKEN, SIGNING_SECRET } from './support/minimalBoltApp';

/*
 * Text the page shows comes from the app, the workspace's channel names and its people's names:
 * none of it may become an element or run. Every payload below would call alert() if it did.
 */
const CHANNEL_NAME = '<img src=x onerror=alert(1)>';
const ME = { id: 'U0EVIL0001', name: '</script><img src=x onerror=alert(2)>' };
const SOMEONE = { id: 'U0EVIL0002', name: '"><svg onload=alert(3)>' };
const CHANNEL = { id: 'C0EVIL0001', name: CHANNEL_NAME };
const BUTTON_LABEL = '<img src=x onerror=alert(4)> Acknowledge';
const JOB_LABEL = '<script>alert(5)</script>';

const MESSAGE_TEXT = [
  'Raw &lt;b&gt;HTML&lt;/b&gt; and &lt;script&gt;alert(6)&lt;/script&gt; and <img src=x onerror=alert(7)> and </script><script>alert(8)</script>',
  'A link <javascript:alert(9)|click me> and <JavaScript:alert(10)> and a date <!date^1700000000^{date}^javascript:alert(11)|then>',
  `Mentions <@${ME.id}> and <@${SOMEONE.id}> and <#${CHANNEL.id}>`,
].join('\n');

const BLOCKS = [
  { type: 'header', text: { type: 'plain_text', text: '<iframe src="javascript:alert(12)"></iframe>' } },
  { type: 'section', text: { type: 'mrkdwn', text: '*<img src=x onerror=alert(13)>* _"><svg onload=alert(14)>_' } },
  {
    type: 'actions',
    block_id: '"><img src=x onerror=alert(15)>',
    elements: [
      { type: 'button', action_id: 'evil_button', text: { type: 'plain_text', text: BUTTON_LABEL }, url: 'javascript:alert(16)', value: '"><x>' },
      {
        type: 'static_select',
        action_id: 'evil_select',
        placeholder: { type: 'plain_text', text: '<img src=x onerror=alert(17)>' },
        options: [{ text: { type: 'plain_text', text: '<img src=x onerror=alert(18)>' }, value: '"><x>' }],
      },
      {
        type: 'overflow',
        action_id: 'evil_menu',
        options: [{ text: { type: 'plain_text', text: '<img src=x onerror=alert(19)>' }, value: 'x' }],
      },
    ],
  },
  {
    type: 'rich_text',
    elements: [
      {
        type: 'rich_text_section',
        elements: [
          { type: 'text', text: '<img src=x onerror=alert(20)>', style: { bold: true } },
          { type: 'link', url: 'javascript:alert(21)', text: 'rich link' },
        ],
      },
    ],
  },
  { type: 'context', elements: [{ type: 'image', image_url: 'javascript:alert(22)', alt_text: '"><img src=x onerror=alert(23)>' }] },
];

describeInBrowser('untrusted text in the Slack preview page', () => {
  let standIn: SlackStandIn;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const popups: string[] = [];

  beforeAll(async () => {
    standIn = await startSlackStandIn({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, channels: [CHANNEL], users: [ME, SOMEONE] });
    standIn.setJobs({ evil: { label: JOB_LABEL, run: async () => undefined } });
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: standIn.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: CHANNEL.id, text: MESSAGE_TEXT });
    await client.chat.postMessage({ channel: CHANNEL.id, text: 'Alert', blocks: BLOCKS });
    await client.chat.postMessage({
      channel: CHANNEL.id,
      text: 'With an attachment',
      attachments: [{ color: '"><img src=x onerror=alert(24)>', title: '<img src=x onerror=alert(25)>', text: '<javascript:alert(26)|attached link>' }],
    });
    await client.chat.postEphemeral({ channel: CHANNEL.id, user: SOMEONE.id, text: 'For someone else only' });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    // A window the page opens (a link or a button's URL) would show up here.
    context.on('page', (opened) => popups.push(opened.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${standIn.url}/#/${CHANNEL.id}`);
    await page.locator('#messages .message', { hasText: 'With an attachment' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await standIn?.close();
  });

  const count = (selector: string) => page.evaluate<number>(`document.querySelectorAll(${JSON.stringify(selector)}).length`);

  it('shows a channel name, people\'s names, a job label and a button label as the text they are', async () => {
    expect(await page.locator('#channel-list a .name').innerText()).toBe(CHANNEL_NAME);
    expect(await page.locator('#channel-name').innerText()).toBe(`# ${CHANNEL_NAME}`);
    expect(await page.locator('.intro h2').innerText()).toBe(`# ${CHANNEL_NAME}`);
    expect(await page.title()).toBe(`#${CHANNEL_NAME} · Pulse · Slack preview`);
    expect(await page.locator('.job-button').innerText()).toBe(JOB_LABEL);
    expect(await page.locator('button[data-action-id="evil_button"]').innerText()).toBe(BUTTON_LABEL);
    expect(await page.locator('.overflow-item').textContent()).toBe('<img src=x onerror=alert(19)>');
    expect(await page.locator('select[data-action-id="evil_select"] option').allTextContents()).toEqual([
      '<img src=x onerror=alert(17)>',
      '<img src=x onerror=alert(18)>',
    ]);

    const text = page.locator('#messages .message', { hasText: 'Raw' });
    expect(await text.locator('.mention[data-user]').allInnerTexts()).toEqual([`@${ME.name}`, `@${SOMEONE.name}`]);
    expect(await text.locator('.channel-link').innerText()).toBe(`#${CHANNEL_NAME}`);
    // Slack-escaped markup reads as typed; a bare <…> is a link token whose target is not a link.
    expect(await text.locator('.body').innerText()).toContain(
      'Raw <b>HTML</b> and <script>alert(6)</script> and img src=x onerror=alert(7) and /scriptscriptalert(8)/script',
    );
    expect(await page.locator('.message.ephemeral .ephemeral-note').innerText()).toBe(`Only visible to ${SOMEONE.name}`);

    // The person's own command: their name as its sender.
    await page.locator('#composer-input').fill('/fivetran status');
    await page.locator('#composer-input').press('Enter');
    const echo = page.locator('.message.command', { hasText: '/fivetran status' });
    await echo.waitFor();
    expect(await echo.locator('.sender').innerText()).toBe(ME.name);
  });

  it('creates no element, handler or script link from any of it, and runs nothing', async () => {
    // The page draws no images of its own here: every <img> would be a payload.
    expect(await count('img, iframe, b, x, #messages script, svg[onload]')).toBe(0);
    expect(await count('[onerror], [onload], [onclick], [onmouseover]')).toBe(0);
    expect(await count('script:not([src^="/static/"])')).toBe(0);
    expect(await count('a[href^="javascript" i], [src^="javascript" i], [data-url]')).toBe(0);
    expect(await page.locator('#messages .message', { hasText: 'A link' }).locator('.body').innerText()).toContain('A link click me and JavaScript:alert(10)');

    // Using the controls built from it runs nothing either (no app is connected to answer them).
    await page.locator('button[data-action-id="evil_button"]').click();
    await page.locator('.overflow-toggle').click();
    await page.locator('.overflow-item').click();
    await page.locator('#messages .message', { hasText: 'Raw' }).locator('.channel-link').click();
    await page.locator('.job-button').click();
    await page.locator('.toast', { hasText: 'done' }).waitFor();

    expect(dialogs).toEqual([]);
    expect(popups).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
