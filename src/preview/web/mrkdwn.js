/*
 * Slack mrkdwn to safe HTML for the preview page. Every character of message text is escaped;
 * the only markup in the output is the markup this file writes. Loaded by the page as a plain
 * script (window.PulseMrkdwn) and by the tests through require().
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.PulseMrkdwn = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var EMOJI = {
    white_check_mark: '✅', heavy_check_mark: '✔️', check: '✔️', warning: '⚠️', red_circle: '🔴',
    large_green_circle: '🟢', green_circle: '🟢', large_yellow_circle: '🟡', yellow_circle: '🟡',
    large_orange_circle: '🟠', orange_circle: '🟠', large_blue_circle: '🔵', blue_circle: '🔵',
    white_circle: '⚪', black_circle: '⚫', purple_circle: '🟣', brown_circle: '🟤',
    hourglass_flowing_sand: '⏳', hourglass: '⌛', rotating_light: '🚨', zzz: '💤', x: '❌',
    heavy_multiplication_x: '✖️', bell: '🔔', no_bell: '🔕', fire: '🔥', rocket: '🚀', tada: '🎉',
    eyes: '👀', information_source: 'ℹ️', question: '❓', exclamation: '❗', heavy_exclamation_mark: '❗',
    bangbang: '‼️', stopwatch: '⏱️', alarm_clock: '⏰', clock1: '🕐', calendar: '📆', date: '📅',
    chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉', bar_chart: '📊',
    arrows_counterclockwise: '🔄', repeat: '🔁', arrow_right: '➡️', arrow_up: '⬆️', arrow_down: '⬇️',
    arrow_forward: '▶️', fast_forward: '⏩', rewind: '⏪', grey_question: '❔', grey_exclamation: '❕', double_vertical_bar: '⏸️', pause_button: '⏸️', black_square_for_stop: '⏹️',
    construction: '🚧', wrench: '🔧', hammer_and_wrench: '🛠️', gear: '⚙️', mag: '🔍', link: '🔗',
    lock: '🔒', unlock: '🔓', key: '🔑', bulb: '💡', memo: '📝', clipboard: '📋', pushpin: '📌',
    package: '📦', inbox_tray: '📥', outbox_tray: '📤', floppy_disk: '💾', card_file_box: '🗃️',
    file_folder: '📁', snowflake: '❄️', zap: '⚡', electric_plug: '🔌', satellite: '📡', sos: '🆘',
    no_entry: '⛔', no_entry_sign: '🚫', octagonal_sign: '🛑', stop_sign: '🛑', skull: '💀',
    thumbsup: '👍', '+1': '👍', thumbsdown: '👎', '-1': '👎', wave: '👋', pray: '🙏', clap: '👏',
    muscle: '💪', point_right: '👉', raised_hands: '🙌', ok_hand: '👌', smile: '😄', slightly_smiling_face: '🙂',
    thinking_face: '🤔', sweat_smile: '😅', scream: '😱', sunglasses: '😎', robot_face: '🤖',
    sparkles: '✨', star: '⭐', heart: '❤️', green_heart: '💚', broken_heart: '💔', boom: '💥',
    sunny: '☀️', cloud: '☁️', umbrella: '☂️', ghost: '👻', turtle: '🐢', snail: '🐌', rabbit: '🐇',
    crystal_ball: '🔮', moneybag: '💰', dollar: '💵', office: '🏢', busts_in_silhouette: '👥',
    bust_in_silhouette: '👤', speech_balloon: '💬', mega: '📣', loudspeaker: '📢', new: '🆕', up: '🆙',
    ok: '🆗', white_large_square: '⬜', black_large_square: '⬛', large_blue_square: '🟦',
    small_red_triangle_down: '🔻', small_red_triangle: '🔺', heavy_plus_sign: '➕', heavy_minus_sign: '➖',
    recycle: '♻️', checkered_flag: '🏁', triangular_flag_on_post: '🚩', globe_with_meridians: '🌐',
    earth_americas: '🌎', hourglass_done: '⌛', 'white_small_square': '▫️', 'small_orange_diamond': '🔸',
    'small_blue_diamond': '🔹', 'large_orange_diamond': '🔶', 'large_blue_diamond': '🔷',
  };

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  /** Slack escapes &, < and > in message text; the reader sees the characters. */
  function decodeSlackEntities(text) {
    return String(text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  function emojify(escapedText) {
    return escapedText.replace(/:([a-z0-9_+\-']+):/g, function (whole, name) {
      var glyph = EMOJI[name];
      return glyph ? '<span class="emoji" title=":' + name + ':">' + glyph + '</span>' : whole;
    });
  }

  /** plain_text objects: escaped, with :emoji: shortcodes when emoji is not false. */
  function plain(text, emoji) {
    var escaped = escapeHtml(decodeSlackEntities(text));
    return emoji === false ? escaped : emojify(escaped);
  }

  function safeUrl(url) {
    var trimmed = String(url).trim();
    if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
    if (/^\/[^/]/.test(trimmed)) return trimmed;
    return null;
  }

  function ordinal(day) {
    var teen = day % 100 >= 11 && day % 100 <= 13;
    var suffix = teen ? 'th' : ['th', 'st', 'nd', 'rd'][day % 10] || 'th';
    return day + suffix;
  }

  /** Calendar parts of a moment in the reader's time zone (or the one the context names). */
  function partsIn(date, timeZone) {
    var formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone,
      year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'long',
      hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true,
    });
    var parts = {};
    formatter.formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
    return {
      year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday: parts.weekday,
      hour: parts.hour, minute: parts.minute, second: parts.second, dayPeriod: (parts.dayPeriod || '').toUpperCase(),
    };
  }

  function dayNumber(parts) {
    return Date.UTC(parts.year, parts.month - 1, parts.day) / 86400000;
  }

  function relativeDay(parts, nowParts) {
    var difference = dayNumber(parts) - dayNumber(nowParts);
    if (difference === 0) return 'today';
    if (difference === -1) return 'yesterday';
    if (difference === 1) return 'tomorrow';
    return null;
  }

  function ago(seconds) {
    var future = seconds < 0;
    var value = Math.abs(seconds);
    var unit;
    if (value < 60) return future ? 'in a few seconds' : 'a few seconds ago';
    if (value < 3600) { value = Math.round(value / 60); unit = 'minute'; }
    else if (value < 86400) { value = Math.round(value / 3600); unit = 'hour'; }
    else if (value < 86400 * 30) { value = Math.round(value / 86400); unit = 'day'; }
    else if (value < 86400 * 365) { value = Math.round(value / (86400 * 30)); unit = 'month'; }
    else { value = Math.round(value / (86400 * 365)); unit = 'year'; }
    var phrase = value + ' ' + unit + (value === 1 ? '' : 's');
    return future ? 'in ' + phrase : phrase + ' ago';
  }

  /** Slack's <!date^…> tokens, formatted the way Slack formats them, in the reader's time zone. */
  function formatDate(epochSeconds, format, context) {
    var date = new Date(epochSeconds * 1000);
    var now = context.now ? new Date(context.now) : new Date();
    var p = partsIn(date, context.timeZone);
    var n = partsIn(now, context.timeZone);
    var month = MONTHS[p.month - 1];
    var dateLong = month + ' ' + ordinal(p.day) + ', ' + p.year;
    var dateShort = month.slice(0, 3) + ' ' + p.day + ', ' + p.year;
    var relative = relativeDay(p, n);
    var capital = relative ? relative.charAt(0).toUpperCase() + relative.slice(1) : null;
    var values = {
      date_num: p.year + '-' + String(p.month).padStart(2, '0') + '-' + String(p.day).padStart(2, '0'),
      date: dateLong,
      date_short: dateShort,
      date_long: p.weekday + ', ' + dateLong,
      date_pretty: capital || dateLong,
      date_short_pretty: capital || dateShort,
      date_long_pretty: capital || p.weekday + ', ' + dateLong,
      time: p.hour + ':' + p.minute + ' ' + p.dayPeriod,
      time_secs: p.hour + ':' + p.minute + ':' + p.second + ' ' + p.dayPeriod,
      ago: ago((now.getTime() - date.getTime()) / 1000),
    };
    return format.replace(/\{(\w+)\}/g, function (whole, token) {
      return Object.prototype.hasOwnProperty.call(values, token) ? values[token] : whole;
    });
  }

  /** One <…> token: links, mentions, special mentions and dates. Returns HTML. */
  function renderAngle(inner, context) {
    var bar = inner.indexOf('|');
    var target = bar === -1 ? inner : inner.slice(0, bar);
    var label = bar === -1 ? null : inner.slice(bar + 1);
    var users = context.users || {};
    var channels = context.channels || {};

    if (target.charAt(0) === '@') {
      var userId = target.slice(1);
      var userName = label || users[userId] || userId;
      return '<span class="mention" data-user="' + escapeHtml(userId) + '">@' + escapeHtml(decodeSlackEntities(userName)) + '</span>';
    }
    if (target.charAt(0) === '#') {
      var channelId = target.slice(1);
      var channelName = label || channels[channelId] || channelId;
      return '<a class="mention channel-link" href="#/' + encodeURIComponent(channelId) + '" data-channel="' +
        escapeHtml(channelId) + '">#' + escapeHtml(decodeSlackEntities(channelName)) + '</a>';
    }
    if (target.charAt(0) === '!') {
      var command = target.slice(1);
      if (command.indexOf('date^') === 0) {
        var pieces = command.split('^');
        var epoch = Number(pieces[1]);
        var fallback = label !== null ? decodeSlackEntities(label) : '';
        if (!isFinite(epoch) || pieces.length < 3) return escapeHtml(fallback);
        var text;
        try {
          text = formatDate(epoch, decodeSlackEntities(pieces[2]), context);
        } catch (error) {
          text = fallback;
        }
        var iso = new Date(epoch * 1000).toISOString();
        var time = '<time datetime="' + iso + '" title="' + escapeHtml(fallback || iso) + '">' + escapeHtml(text) + '</time>';
        var link = pieces[3] ? safeUrl(decodeSlackEntities(pieces[3])) : null;
        return link ? '<a href="' + escapeHtml(link) + '" target="_blank" rel="noopener noreferrer">' + time + '</a>' : time;
      }
      if (command === 'here' || command === 'channel' || command === 'everyone') {
        return '<span class="mention mention-broadcast">@' + command + '</span>';
      }
      if (command.indexOf('subteam^') === 0) {
        return '<span class="mention">' + escapeHtml(decodeSlackEntities(label || '@team')) + '</span>';
      }
      return escapeHtml(decodeSlackEntities(label || ''));
    }
    var url = safeUrl(decodeSlackEntities(target));
    var shown = decodeSlackEntities(label !== null ? label : target.replace(/^mailto:/i, ''));
    if (!url) return escapeHtml(shown);
    return '<a href="' + escapeHtml(url) + '" target="_blank" rel="noopener noreferrer">' + escapeHtml(shown) + '</a>';
  }

  var BEFORE = '(^|[\\s(\\[>{"\'\\u0001*_~])';
  var AFTER = '(?=$|[\\s)\\]}.,!?:;<"\'\\u0001*_~-])';
  var BOLD = new RegExp(BEFORE + '\\*(?=\\S)([^*\\n]*?\\S)\\*' + AFTER, 'g');
  var ITALIC = new RegExp(BEFORE + '_(?=\\S)([^_\\n]*?\\S)_' + AFTER, 'g');
  var STRIKE = new RegExp(BEFORE + '~(?=\\S)([^~\\n]*?\\S)~' + AFTER, 'g');

  /**
   * Inline formatting of one paragraph: <…> tokens and `code` are set aside first (their content
   * is never formatted), the rest is escaped, then bold, italic, strike and emoji are applied.
   */
  function renderInline(text, context) {
    var held = [];
    function hold(html) {
      held.push(html);
      return '\u0001' + (held.length - 1) + '\u0001';
    }
    var withTokens = String(text)
      .replace(/`([^`\n]+)`/g, function (whole, code) {
        return hold('<code>' + escapeHtml(decodeSlackEntities(code)) + '</code>');
      })
      .replace(/<([^<>\n]+)>/g, function (whole, inner) {
        return hold(renderAngle(inner, context));
      });
    var html = escapeHtml(decodeSlackEntities(withTokens));
    html = html.replace(BOLD, '$1<strong>$2</strong>');
    html = html.replace(ITALIC, '$1<em>$2</em>');
    html = html.replace(STRIKE, '$1<del>$2</del>');
    html = emojify(html);
    return html.replace(/\u0001(\d+)\u0001/g, function (whole, index) {
      return held[Number(index)];
    });
  }

  var QUOTE = /^(?:>|&gt;)\s?/;
  var BULLET = /^\s*(?:[•◦▪‣]|[-*](?=\s))\s+/;
  var NUMBERED = /^\s*(\d{1,3})[.)]\s+/;

  /** Lines into paragraphs, quotes and lists. */
  function renderLines(text, context) {
    var lines = text.split('\n');
    var out = [];
    var list = null;
    var quote = null;

    function closeList() {
      if (list) {
        out.push('<' + list.tag + ' class="md-list">' + list.items.join('') + '</' + list.tag + '>');
        list = null;
      }
    }
    function closeQuote() {
      if (quote) {
        out.push('<blockquote>' + quote.join('<br>') + '</blockquote>');
        quote = null;
      }
    }

    lines.forEach(function (line) {
      if (QUOTE.test(line)) {
        closeList();
        quote = quote || [];
        quote.push(renderInline(line.replace(QUOTE, ''), context));
        return;
      }
      closeQuote();
      var bullet = BULLET.exec(line);
      var numbered = bullet ? null : NUMBERED.exec(line);
      if (bullet || numbered) {
        var tag = bullet ? 'ul' : 'ol';
        if (!list || list.tag !== tag) {
          closeList();
          list = { tag: tag, items: [] };
        }
        var content = line.slice((bullet || numbered)[0].length);
        list.items.push('<li>' + renderInline(content, context) + '</li>');
        return;
      }
      closeList();
      out.push('<span class="md-line">' + renderInline(line, context) + '</span>');
    });
    closeList();
    closeQuote();
    // Lines are joined with <br>, except around block elements (lists and quotes).
    var html = '';
    out.forEach(function (piece, index) {
      var isBlock = piece.indexOf('<ul') === 0 || piece.indexOf('<ol') === 0 || piece.indexOf('<blockquote') === 0;
      var previous = out[index - 1];
      var previousIsBlock = previous && (previous.indexOf('<ul') === 0 || previous.indexOf('<ol') === 0 || previous.indexOf('<blockquote') === 0);
      if (index > 0 && !isBlock && !previousIsBlock) html += '<br>';
      html += piece;
    });
    return html;
  }

  /** Slack mrkdwn to HTML: ```code blocks```, then quotes, lists and inline formatting. */
  function render(text, context) {
    context = context || {};
    var source = String(text == null ? '' : text);
    var parts = source.split('```');
    var html = '';
    parts.forEach(function (part, index) {
      var isCode = index % 2 === 1 && index < parts.length - 1;
      if (isCode) {
        html += '<pre class="md-pre">' + escapeHtml(decodeSlackEntities(part.replace(/^\n/, ''))) + '</pre>';
      } else if (part !== '') {
        var trimmed = index > 0 ? part.replace(/^\n/, '') : part;
        trimmed = index < parts.length - 1 ? trimmed.replace(/\n$/, '') : trimmed;
        if (index % 2 === 1) trimmed = '```' + trimmed; // an unclosed fence stays as typed
        if (trimmed !== '') html += renderLines(trimmed, context);
      }
    });
    return html;
  }

  return {
    render: render,
    renderInline: renderInline,
    plain: plain,
    escapeHtml: escapeHtml,
    formatDate: formatDate,
    safeUrl: safeUrl,
    EMOJI: EMOJI,
  };
});
