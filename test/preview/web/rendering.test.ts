import type { Browser, Page } from 'playwright-core';

import { startSlackStandIn, type SlackStandIn } from '../../../src/preview/standin';
import { describeInBrowser, launchChromium } from '../support/chromium';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/minimalBoltApp';

interface RenderContext {
  users?: Record<string, string>;
  channels?: Record<string, string>;
  now?: number;
  timeZone?: string;
}

/*
 * The page's modules build DOM nodes, so they run where the page runs: in Chromium, loaded from the
 * stand-in as the page loads them. Each call renders into a detached element and answers with its
 * HTML, which is what the assertions read.
 */
const LOAD_MODULES = `(async () => {
  const md = await import('/static/mrkdwn.js');
  const blocks = await import('/static/blocks.js');
  const html = (nodes) => {
    const box = document.createElement('div');
    box.append(nodes);
    return box.innerHTML;
  };
  window.rendering = {
    render: (text, context) => html(md.render(text, context)),
    formatDate: (epochSeconds, format, context) => md.formatDate(epochSeconds, format, context),
    renderMessageBody: (message, context) => html(blocks.renderMessageBody(message, context)),
    renderBlocks: (list, context) => html(blocks.renderBlocks(list, context)),
  };
})()`;

let page: Page;

/** A page of the stand-in's origin with the rendering modules loaded, for the suite that calls it. */
function useRenderingPage(): void {
  let standIn: SlackStandIn;
  let browser: Browser;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.route(`${standIn.url}/blank`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>rendering</title>' }));
    await page.goto(`${standIn.url}/blank`);
    await page.evaluate(LOAD_MODULES);
  });

  afterAll(async () => {
    await browser?.close();
    await standIn?.close();
  });
}

async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  const list = args.map((arg) => (arg === undefined ? 'undefined' : JSON.stringify(arg))).join(', ');
  return page.evaluate<T>(`window.rendering.${name}(${list})`);
}

const md = {
  render: (text: string, context?: RenderContext) => call<string>('render', text, context),
  formatDate: (epochSeconds: number, format: string, context: RenderContext) => call<string>('formatDate', epochSeconds, format, context),
};
const blocks = {
  renderMessageBody: (message: Record<string, unknown>, context?: RenderContext) => call<string>('renderMessageBody', message, context),
  renderBlocks: (list: unknown[], context?: RenderContext) => call<string>('renderBlocks', list, context),
};

describeInBrowser('mrkdwn rendering', () => {
  useRenderingPage();

  it.each([
    ['*bold*', '<strong>bold</strong>'],
    ['_italic_', '<em>italic</em>'],
    ['~strike~', '<del>strike</del>'],
    ['`code *not bold*`', '<code>code *not bold*</code>'],
    ['a snake_case_name stays', 'a snake_case_name stays'],
    ['2*3*4 stays', '2*3*4 stays'],
    ['*bold _and italic_*', '<strong>bold <em>and italic</em></strong>'],
    [':white_check_mark: done :unknown_thing:', '✅</span> done :unknown_thing:'],
    ['a &lt; b &amp;&amp; c &gt; d', 'a &lt; b &amp;&amp; c &gt; d'],
  ])('renders %s', async (input, expected) => {
    expect(await md.render(input)).toContain(expected);
  });

  it('renders links, user and channel mentions', async () => {
    const html = await md.render('See <https://fivetran.com/dashboard|the dashboard>, <@U1> and <#C1|ops> or <#C2>, <!here>', {
      users: { U1: 'alice' },
      channels: { C2: 'acme-data' },
    });
    expect(html).toContain('<a href="https://fivetran.com/dashboard" target="_blank" rel="noopener noreferrer">the dashboard</a>');
    expect(html).toContain('@alice</span>');
    expect(html).toContain('data-channel="C1">#ops</a>');
    expect(html).toContain('#acme-data</a>');
    expect(html).toContain('@here');
  });

  it('renders code blocks, quotes and bullet lists', async () => {
    const html = await md.render('Intro\n```\nselect *\nfrom x\n```\n> quoted *line*\n• one\n• two\n1. first');
    expect(html).toContain('<pre class="md-pre">select *\nfrom x\n</pre>');
    expect(html).toContain('<blockquote>quoted <strong>line</strong></blockquote>');
    expect(html).toContain('<ul class="md-list"><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol class="md-list"><li>first</li></ol>');
  });

  it('formats date tokens in the given time zone, relative to now', async () => {
    const epoch = Date.UTC(2024, 0, 15, 14, 5) / 1000;
    const now = Date.UTC(2024, 0, 15, 18, 0);
    expect(await md.formatDate(epoch, '{date_short_pretty} {time}', { now, timeZone: 'UTC' })).toBe('Today 2:05 PM');
    expect(await md.formatDate(epoch, '{date_short_pretty} {time}', { now, timeZone: 'Asia/Tokyo' })).toBe('Yesterday 11:05 PM');
    expect(await md.formatDate(epoch, '{date_short_pretty}', { now: now + 3 * 86400000, timeZone: 'UTC' })).toBe('Jan 15, 2024');
    expect(await md.formatDate(epoch, '{date_long} at {time_secs}', { now: now + 86400000, timeZone: 'UTC' })).toBe(
      'Monday, January 15th, 2024 at 2:05:00 PM',
    );
    expect(await md.formatDate(epoch, '{date_num} ({ago})', { now, timeZone: 'UTC' })).toBe('2024-01-15 (4 hours ago)');
    const html = await md.render(`<!date^${epoch}^{date_short_pretty} {time}|2024-01-15 14:05 UTC>`, { now, timeZone: 'America/New_York' });
    expect(html).toContain('>Today 9:05 AM</time>');
    expect(html).toContain('title="2024-01-15 14:05 UTC"');
  });

  it('lets no HTML from message text through', async () => {
    const attacks = [
      '<img src=x onerror=alert(1)>',
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '<javascript:alert(1)|click me>',
      '<https://x.test/"onmouseover="alert(1)|x>',
      '<@U1|<b>bold</b>>',
      '*"><svg onload=alert(1)>*',
      '`<script>`',
      '```<iframe src=x>```',
      '<!date^1700000000^{date}^javascript:alert(1)|"><script>>',
    ];
    for (const attack of attacks) {
      const html = await md.render(attack);
      expect(html).not.toMatch(/<(script|img|svg|iframe|b)[\s>]/i);
      expect(html).not.toMatch(/href="javascript/i);
      // No tag of the output carries an event handler attribute.
      expect(html).not.toMatch(/<[^>]*["'\s]on\w+=/i);
    }
    expect(await md.render('<javascript:alert(1)|click me>')).toBe('<span class="md-line">click me</span>');
  });
});

describeInBrowser('Block Kit rendering', () => {
  useRenderingPage();

  it('renders each block type with its interactive elements marked for the page', async () => {
    const html = await blocks.renderBlocks([
      { type: 'header', text: { type: 'plain_text', text: 'Morning :sunny:' } },
      {
        type: 'section',
        block_id: 's1',
        text: { type: 'mrkdwn', text: '*acme*' },
        fields: [{ type: 'mrkdwn', text: 'f1' }],
        accessory: { type: 'button', action_id: 'open', text: { type: 'plain_text', text: 'Open' }, value: 'v' },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] },
      { type: 'divider' },
      {
        type: 'actions',
        block_id: 'a1',
        elements: [
          { type: 'button', action_id: 'ack', style: 'primary', text: { type: 'plain_text', text: 'Ack' } },
          { type: 'button', action_id: 'stop', style: 'danger', text: { type: 'plain_text', text: 'Stop' } },
          { type: 'static_select', action_id: 'pick', placeholder: { type: 'plain_text', text: 'Pick' }, options: [{ text: { type: 'plain_text', text: 'One' }, value: '1' }] },
          { type: 'overflow', action_id: 'more', options: [{ text: { type: 'plain_text', text: 'Snooze' }, value: 'snooze' }] },
          { type: 'datepicker', action_id: 'when' },
        ],
      },
      { type: 'image', image_url: 'https://example.com/chart.png', alt_text: 'chart' },
    ]);
    expect(html).toContain('<div class="block block-header">Morning <span class="emoji"');
    expect(html).toContain('<strong>acme</strong>');
    expect(html).toContain('data-kind="button" data-action-id="open" data-block-id="s1" data-value="v"');
    expect(html).toContain('class="btn btn-primary" data-kind="button" data-action-id="ack" data-block-id="a1"');
    expect(html).toContain('class="btn btn-danger"');
    expect(html).toContain('<select class="select" data-kind="select" data-action-id="pick"');
    expect(html).toContain('data-kind="overflow" data-action-id="more" data-block-id="a1" data-value="snooze"');
    expect(html).toContain('class="inert"');
    expect(html).toContain('<img class="block-image-img" src="https://example.com/chart.png" alt="chart"');
    expect(html).toContain('<hr class="block block-divider">');
  });

  it('escapes plain_text and attribute values', async () => {
    const html = await blocks.renderBlocks([
      { type: 'header', text: { type: 'plain_text', text: '<script>x</script>' } },
      { type: 'actions', block_id: '"><x', elements: [{ type: 'button', action_id: '"onclick="x', text: { type: 'plain_text', text: '<b>' }, value: '"' }] },
      { type: 'image', image_url: 'javascript:alert(1)', alt_text: '"onerror="x' },
    ]);
    expect(html).not.toMatch(/<(script|b|x)[\s>]/);
    expect(html).not.toMatch(/<[^>]*["'\s]on\w+=/i);
    expect(html).not.toContain('javascript:');
  });

  it('draws a table as Slack does: a heading row, columns aligned and wrapped as set, cells shown literally', async () => {
    const html = await blocks.renderBlocks([
      {
        type: 'table',
        column_settings: [{ is_wrapped: true }, { align: 'right' }],
        rows: [
          [{ type: 'raw_text', text: 'Tenant' }, { type: 'raw_text', text: 'MAR' }],
          [{ type: 'raw_text', text: '<b>acme</b> *not bold*' }, { type: 'raw_text', text: '1,234' }],
          [{ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'globex', style: { bold: true } }] }] }, { type: 'raw_text', text: '5' }],
        ],
      },
    ]);
    expect(html).toContain('<div class="block block-table"><table><thead><tr><th class="table-cell align-left wrapped" title="Tenant">Tenant</th><th class="table-cell align-right clipped" title="MAR">MAR</th></tr></thead>');
    expect(html).toContain('<td class="table-cell align-left wrapped" title="&lt;b&gt;acme&lt;/b&gt; *not bold*">&lt;b&gt;acme&lt;/b&gt; *not bold*</td><td class="table-cell align-right clipped" title="1,234">1,234</td>');
    expect(html).toContain('<strong>globex</strong>');
    expect(html).not.toContain('[table block]');
  });

  it('uses the text fallback when a message has no blocks', async () => {
    expect(await blocks.renderMessageBody({ text: 'Hello *there*' })).toBe(
      '<div class="message-text"><span class="md-line">Hello <strong>there</strong></span></div>',
    );
  });
});
