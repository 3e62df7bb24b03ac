// @ts-check
/**
 * Block Kit to DOM nodes for the preview page: header, section (text, fields, accessory), context,
 * divider, actions (buttons, static selects, overflow menus), image, rich text, markdown, table and legacy
 * attachments. Interactive elements carry data-* attributes the page uses to send block_actions.
 * Every piece of text becomes text nodes (through mrkdwn.js), never markup.
 */
import { fragment, h } from './dom.js';
import { isObject, listOf, objectsOf, textOf } from './json.js';
import { channelMention, formatDate, link, plain, render, safeUrl, userMention } from './mrkdwn.js';

/** @typedef {import('./mrkdwn.js').RenderContext} RenderContext */
/** @typedef {import('./json.js').JsonObject} JsonObject */

/**
 * A text object: mrkdwn (unless verbatim) or plain_text.
 * @param {unknown} object
 * @param {RenderContext} context
 * @returns {DocumentFragment | null}
 */
function textObject(object, context) {
  if (!isObject(object)) return null;
  const text = textOf(object.text);
  if (object.type === 'mrkdwn') return object.verbatim ? plain(text) : render(text, context);
  return plain(text, object.emoji !== false);
}

/** @param {unknown} object */
function plainText(object) {
  return isObject(object) ? textOf(object.text) : '';
}

/** @param {unknown} object */
function emojiOf(object) {
  return !(isObject(object) && object.emoji === false);
}

/**
 * What the page reads back from an interactive element when it is used.
 * @param {JsonObject} element
 * @param {JsonObject} block
 * @param {string} kind
 */
function actionData(element, block, kind) {
  return { 'data-kind': kind, 'data-action-id': textOf(element.action_id), 'data-block-id': textOf(block.block_id) };
}

/**
 * @param {unknown} url
 * @param {unknown} alt
 * @param {string} className
 */
function image(url, alt, className) {
  const safe = safeUrl(textOf(url));
  if (!safe) return h('span', { class: `${className} image-missing`, role: 'img', 'aria-label': textOf(alt) });
  return h('img', { class: className, src: safe, alt: textOf(alt), loading: 'lazy' });
}

/**
 * @param {JsonObject} element
 * @param {JsonObject} block
 */
function button(element, block) {
  const style = element.style === 'primary' || element.style === 'danger' ? ` btn-${element.style}` : '';
  const url = element.url ? safeUrl(textOf(element.url)) : null;
  return h(
    'button',
    {
      type: 'button',
      class: `btn${style}`,
      ...actionData(element, block, 'button'),
      'data-url': url,
      'data-value': element.value === undefined ? null : textOf(element.value),
    },
    plain(plainText(element.text), emojiOf(element.text)),
  );
}

/**
 * Options, those in option groups included.
 * @param {JsonObject} element
 */
function optionsOf(element) {
  return [...objectsOf(element.options), ...objectsOf(element.option_groups).flatMap((group) => objectsOf(group.options))];
}

/**
 * @param {JsonObject} element
 * @param {JsonObject} block
 */
function staticSelect(element, block) {
  const initial = isObject(element.initial_option) ? element.initial_option.value : null;
  const placeholder = plainText(element.placeholder) || 'Select an item';
  return h(
    'span',
    { class: 'select-wrap' },
    h(
      'select',
      { class: 'select', ...actionData(element, block, 'select'), 'aria-label': placeholder },
      h('option', { value: '', disabled: true, selected: initial === null }, placeholder),
      optionsOf(element).map((option) =>
        h('option', { value: textOf(option.value), selected: option.value === initial }, plainText(option.text)),
      ),
    ),
  );
}

/**
 * @param {JsonObject} element
 * @param {JsonObject} block
 */
function overflow(element, block) {
  return h(
    'span',
    { class: 'overflow' },
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-icon overflow-toggle',
        'aria-haspopup': 'true',
        'aria-expanded': 'false',
        'aria-label': 'More actions',
        'data-kind': 'overflow-toggle',
      },
      '⋯',
    ),
    h(
      'span',
      { class: 'overflow-menu', role: 'menu', hidden: true },
      optionsOf(element).map((option) =>
        h(
          'button',
          { type: 'button', role: 'menuitem', class: 'overflow-item', ...actionData(element, block, 'overflow'), 'data-value': textOf(option.value) },
          plain(plainText(option.text)),
        ),
      ),
    ),
  );
}

/**
 * Elements the preview cannot operate are shown, disabled, so the message still reads right.
 * @param {JsonObject} element
 */
function inertElement(element) {
  const label = plainText(element.placeholder) || plainText(element.text) || textOf(element.type);
  return h('span', { class: 'inert', title: `${textOf(element.type)} (not interactive in the preview)` }, label);
}

/**
 * @param {unknown} value
 * @param {JsonObject} block
 * @returns {Node | null}
 */
function element(value, block) {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'button':
      return button(value, block);
    case 'static_select':
      return staticSelect(value, block);
    case 'overflow':
      return overflow(value, block);
    case 'image':
      return image(value.image_url, value.alt_text, 'accessory-image');
    default:
      return inertElement(value);
  }
}

/**
 * @param {JsonObject} block
 * @param {RenderContext} context
 */
function section(block, context) {
  const fields = listOf(block.fields);
  return h(
    'div',
    { class: 'block block-section' },
    h(
      'div',
      { class: 'section-body' },
      block.text ? h('div', { class: 'section-text' }, textObject(block.text, context)) : null,
      fields.length > 0 ? h('div', { class: 'section-fields' }, fields.map((field) => h('div', { class: 'section-field' }, textObject(field, context)))) : null,
    ),
    block.accessory ? h('div', { class: 'section-accessory' }, element(block.accessory, block)) : null,
  );
}

/**
 * One styled run of rich text: its words, with line breaks kept.
 * @param {JsonObject} item
 * @returns {Node}
 */
function richTextRun(item) {
  /** @type {Node} */
  let node = fragment(textOf(item.text).split('\n').flatMap((line, index) => (index === 0 ? [line] : [h('br'), line])));
  const style = isObject(item.style) ? item.style : {};
  if (style.code) node = h('code', {}, node);
  if (style.bold) node = h('strong', {}, node);
  if (style.italic) node = h('em', {}, node);
  if (style.strike) node = h('del', {}, node);
  return node;
}

/**
 * A rich text date: formatted as Slack formats it, in the reader's time zone; its fallback when it cannot be read.
 * @param {JsonObject} item
 * @param {RenderContext} context
 * @returns {Node}
 */
function richTextDate(item, context) {
  const epoch = Number(item.timestamp);
  const fallback = textOf(item.fallback);
  if (!Number.isFinite(epoch)) return document.createTextNode(fallback);
  const iso = new Date(epoch * 1000).toISOString();
  return h('time', { datetime: iso, title: fallback || iso }, formatDate(epoch, textOf(item.format) || '{date_short_pretty} {time}', context));
}

/**
 * @param {unknown} items
 * @param {RenderContext} context
 * @returns {Node[]}
 */
function richTextInline(items, context) {
  return objectsOf(items).map((item) => {
    switch (item.type) {
      case 'text':
        return richTextRun(item);
      case 'link':
        return link(textOf(item.url), textOf(item.text) || textOf(item.url));
      case 'user':
        return userMention(textOf(item.user_id), null, context);
      case 'channel':
        return channelMention(textOf(item.channel_id), null, context);
      case 'emoji':
        return plain(`:${textOf(item.name)}:`);
      case 'date':
        return richTextDate(item, context);
      default:
        return fragment();
    }
  });
}

/**
 * Rich text arrives as nested elements; the preview shows its words with basic styling.
 * @param {JsonObject} block
 * @param {RenderContext} context
 */
function richText(block, context) {
  return h(
    'div',
    { class: 'block block-rich-text' },
    objectsOf(block.elements).map((part) => {
      switch (part.type) {
        case 'rich_text_section':
          return h('div', {}, richTextInline(part.elements, context));
        case 'rich_text_preformatted':
          return h('pre', { class: 'md-pre' }, richTextInline(part.elements, context));
        case 'rich_text_quote':
          return h('blockquote', {}, richTextInline(part.elements, context));
        case 'rich_text_list':
          return h(
            part.style === 'ordered' ? 'ol' : 'ul',
            { class: 'md-list' },
            objectsOf(part.elements).map((item) => h('li', {}, richTextInline(item.elements, context))),
          );
        default:
          return null;
      }
    }),
  );
}

/**
 * A table as Slack draws it: the first row as the heading, each column aligned and wrapped (or cut
 * off with an ellipsis) as its column_settings say. Cells are raw_text (shown literally) or rich_text.
 * @param {JsonObject} block
 * @param {RenderContext} context
 */
function table(block, context) {
  const settings = listOf(block.column_settings).map((setting) => (isObject(setting) ? setting : {}));
  const rows = listOf(block.rows).map((row) => listOf(row));
  /**
   * @param {unknown} cell
   * @param {number} column
   * @param {'th' | 'td'} tag
   */
  const cellOf = (cell, column, tag) => {
    const setting = settings[column] ?? {};
    const align = setting.align === 'right' || setting.align === 'center' ? setting.align : 'left';
    const classes = ['table-cell', `align-${align}`, setting.is_wrapped === true ? 'wrapped' : 'clipped'].join(' ');
    const content = !isObject(cell) ? '' : cell.type === 'rich_text' ? richText(cell, context) : textOf(cell.text);
    return h(tag, { class: classes, title: isObject(cell) && cell.type === 'raw_text' ? textOf(cell.text) : undefined }, content);
  };
  const [head, ...body] = rows;
  return h(
    'div',
    { class: 'block block-table' },
    h(
      'table',
      {},
      head ? h('thead', {}, h('tr', {}, head.map((cell, i) => cellOf(cell, i, 'th')))) : null,
      h('tbody', {}, body.map((row) => h('tr', {}, row.map((cell, i) => cellOf(cell, i, 'td'))))),
    ),
  );
}

/**
 * @param {JsonObject} block
 * @param {RenderContext} context
 * @returns {Node}
 */
function renderBlock(block, context) {
  switch (block.type) {
    case 'header':
      return h('div', { class: 'block block-header' }, textObject(block.text, context));
    case 'section':
      return section(block, context);
    case 'divider':
      return h('hr', { class: 'block block-divider' });
    case 'context':
      return h(
        'div',
        { class: 'block block-context' },
        listOf(block.elements).map((item) =>
          isObject(item) && item.type === 'image'
            ? image(item.image_url, item.alt_text, 'context-image')
            : h('span', { class: 'context-text' }, textObject(item, context)),
        ),
      );
    case 'actions':
      return h('div', { class: 'block block-actions' }, listOf(block.elements).map((item) => element(item, block)));
    case 'image':
      return h(
        'figure',
        { class: 'block block-image' },
        block.title ? h('figcaption', {}, textObject(block.title, context)) : null,
        image(block.image_url, block.alt_text, 'block-image-img'),
      );
    case 'markdown':
      return h('div', { class: 'block block-markdown' }, render(textOf(block.text), context));
    case 'rich_text':
      return richText(block, context);
    case 'table':
      return table(block, context);
    case 'input':
      return h('div', { class: 'block block-input' }, h('label', {}, textObject(block.label, context)), element(block.element, block));
    default:
      return h('div', { class: 'block block-unknown' }, `[${textOf(block.type)} block]`);
  }
}

/**
 * @param {unknown} blocks
 * @param {RenderContext} [context]
 * @returns {DocumentFragment}
 */
export function renderBlocks(blocks, context = {}) {
  return fragment(objectsOf(blocks).map((block) => renderBlock(block, context)));
}

/** @type {Readonly<Record<string, string>>} */
const ATTACHMENT_COLORS = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

/** @param {unknown} color */
function attachmentColor(color) {
  const name = textOf(color);
  if (Object.hasOwn(ATTACHMENT_COLORS, name)) return ATTACHMENT_COLORS[name] ?? '#dddddd';
  return /^#?[0-9a-f]{6}$/i.test(name) ? `#${name.replace('#', '')}` : '#dddddd';
}

/**
 * Legacy attachments: a coloured bar with their text, fields and blocks.
 * @param {unknown} attachments
 * @param {RenderContext} [context]
 * @returns {DocumentFragment}
 */
export function renderAttachments(attachments, context = {}) {
  return fragment(
    objectsOf(attachments).map((attachment) => {
      const fields = objectsOf(attachment.fields);
      const node = h(
        'div',
        { class: 'attachment' },
        h(
          'div',
          { class: 'attachment-body' },
          attachment.pretext ? h('div', { class: 'attachment-pretext' }, render(textOf(attachment.pretext), context)) : null,
          attachment.title ? h('div', { class: 'attachment-title' }, plain(textOf(attachment.title))) : null,
          attachment.text ? h('div', { class: 'attachment-text' }, render(textOf(attachment.text), context)) : null,
          fields.length > 0
            ? h(
                'div',
                { class: 'section-fields' },
                fields.map((field) =>
                  h('div', { class: 'section-field' }, h('strong', {}, plain(textOf(field.title))), h('br'), render(textOf(field.value), context)),
                ),
              )
            : null,
          Array.isArray(attachment.blocks) ? renderBlocks(attachment.blocks, context) : null,
          attachment.footer ? h('div', { class: 'block-context' }, render(textOf(attachment.footer), context)) : null,
        ),
      );
      // Set through the style object: the page's policy allows no inline style in markup.
      node.style.borderLeftColor = attachmentColor(attachment.color);
      return node;
    }),
  );
}

/**
 * A message's body: its blocks when it has them (its text is then only the notification fallback),
 * then its attachments.
 * @param {{ text?: unknown, blocks?: unknown, attachments?: unknown }} message
 * @param {RenderContext} [context]
 * @returns {DocumentFragment}
 */
export function renderMessageBody(message, context = {}) {
  const blocks = listOf(message.blocks);
  return fragment(
    blocks.length > 0 ? renderBlocks(blocks, context) : h('div', { class: 'message-text' }, render(textOf(message.text), context)),
    listOf(message.attachments).length > 0 ? renderAttachments(message.attachments, context) : null,
  );
}
