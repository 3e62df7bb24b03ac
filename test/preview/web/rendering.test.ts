interface RenderContext {
  users?: Record<string, string>;
  channels?: Record<string, string>;
  now?: number;
  timeZone?: string;
}
interface Mrkdwn {
  render(text: string, context?: RenderContext): string;
  plain(text: string, emoji?: boolean): string;
  formatDate(epochSeconds: number, format: string, context: RenderContext): string;
}
interface Blocks {
  renderMessageBody(message: Record<string, unknown>, context?: RenderContext): string;
  renderBlocks(blocks: unknown[], context?: RenderContext): string;
}

// The page's scripts are plain browser files with no build step; they also load as CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const md = require('../../../src/preview/web/mrkdwn.js') as Mrkdwn;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const blocks = require('../../../src/preview/web/blocks.js') as Blocks;

describe('mrkdwn rendering', () => {
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
  ])('renders %s', (input, expected) => {
    expect(md.render(input)).toContain(expected);
  });

  it('renders links, user and channel mentions', () => {
    const html = md.render('See <https://fivetran.com/dashboard|the dashboard>, <@U1> and <#C1|ops> or <#C2>, <!here>', {
      users: { U1: 'alice' },
      channels: { C2: 'acme-data' },
    });
    expect(html).toContain('<a href="https://fivetran.com/dashboard" target="_blank" rel="noopener noreferrer">the dashboard</a>');
    expect(html).toContain('@alice</span>');
    expect(html).toContain('data-channel="C1">#ops</a>');
    expect(html).toContain('#acme-data</a>');
    expect(html).toContain('@here');
  });

  it('renders code blocks, quotes and bullet lists', () => {
    const html = md.render('Intro\n```\nselect *\nfrom x\n```\n> quoted *line*\n• one\n• two\n1. first');
    expect(html).toContain('<pre class="md-pre">select *\nfrom x\n</pre>');
    expect(html).toContain('<blockquote>quoted <strong>line</strong></blockquote>');
    expect(html).toContain('<ul class="md-list"><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol class="md-list"><li>first</li></ol>');
  });

  it('formats date tokens in the given time zone, relative to now', () => {
    const epoch = Date.UTC(2024, 0, 15, 14, 5) / 1000;
    const now = Date.UTC(2024, 0, 15, 18, 0);
    expect(md.formatDate(epoch, '{date_short_pretty} {time}', { now, timeZone: 'UTC' })).toBe('Today 2:05 PM');
    expect(md.formatDate(epoch, '{date_short_pretty} {time}', { now, timeZone: 'Asia/Tokyo' })).toBe('Yesterday 11:05 PM');
    expect(md.formatDate(epoch, '{date_short_pretty}', { now: now + 3 * 86400000, timeZone: 'UTC' })).toBe('Jan 15, 2024');
    expect(md.formatDate(epoch, '{date_long} at {time_secs}', { now: now + 86400000, timeZone: 'UTC' })).toBe(
      'Monday, January 15th, 2024 at 2:05:00 PM',
    );
    expect(md.formatDate(epoch, '{date_num} ({ago})', { now, timeZone: 'UTC' })).toBe('2024-01-15 (4 hours ago)');
    const html = md.render(`<!date^${epoch}^{date_short_pretty} {time}|2024-01-15 14:05 UTC>`, { now, timeZone: 'America/New_York' });
    expect(html).toContain('>Today 9:05 AM</time>');
    expect(html).toContain('title="2024-01-15 14:05 UTC"');
  });

  it('lets no HTML from message text through', () => {
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
      const html = md.render(attack);
      expect(html).not.toMatch(/<(script|img|svg|iframe|b)[\s>]/i);
      expect(html).not.toMatch(/href="javascript/i);
      // No tag of the output carries an event handler attribute.
      expect(html).not.toMatch(/<[^>]*["'\s]on\w+=/i);
    }
    expect(md.render('<javascript:alert(1)|click me>')).toBe('<span class="md-line">click me</span>');
  });
});

describe('Block Kit rendering', () => {
  it('renders each block type with its interactive elements marked for the page', () => {
    const html = blocks.renderBlocks([
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

  it('escapes plain_text and attribute values', () => {
    const html = blocks.renderBlocks([
      { type: 'header', text: { type: 'plain_text', text: '<script>x</script>' } },
      { type: 'actions', block_id: '"><x', elements: [{ type: 'button', action_id: '"onclick="x', text: { type: 'plain_text', text: '<b>' }, value: '"' }] },
      { type: 'image', image_url: 'javascript:alert(1)', alt_text: '"onerror="x' },
    ]);
    expect(html).not.toMatch(/<(script|b|x)[\s>]/);
    expect(html).not.toMatch(/<[^>]*["'\s]on\w+=/i);
    expect(html).not.toContain('javascript:');
  });

  it('uses the text fallback when a message has no blocks', () => {
    expect(blocks.renderMessageBody({ text: 'Hello *there*' })).toBe(
      '<div class="message-text"><span class="md-line">Hello <strong>there</strong></span></div>',
    );
  });
});
