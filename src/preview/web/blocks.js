/*
 * Block Kit to HTML for the preview page: header, section (text, fields, accessory), context,
 * divider, actions (buttons, static selects, overflow menus), image, and legacy attachments.
 * Interactive elements carry data-* attributes the page uses to send block_actions. All text is
 * escaped by PulseMrkdwn. Loaded as window.PulseBlocks, or through require() in tests.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./mrkdwn.js'));
  else root.PulseBlocks = factory(root.PulseMrkdwn);
})(typeof self !== 'undefined' ? self : this, function (md) {
  'use strict';

  var esc = md.escapeHtml;

  function textObject(object, context) {
    if (!object || typeof object !== 'object') return '';
    if (object.type === 'mrkdwn') return object.verbatim ? md.plain(object.text) : md.render(object.text, context);
    return md.plain(object.text, object.emoji);
  }

  function plainText(object) {
    return object && typeof object === 'object' ? String(object.text == null ? '' : object.text) : '';
  }

  function dataFor(element, block, kind) {
    return ' data-kind="' + kind + '" data-action-id="' + esc(element.action_id || '') + '" data-block-id="' + esc(block.block_id || '') + '"';
  }

  function image(url, alt, className) {
    var safe = md.safeUrl(url || '');
    if (!safe) return '<span class="' + className + ' image-missing" role="img" aria-label="' + esc(alt || '') + '"></span>';
    return '<img class="' + className + '" src="' + esc(safe) + '" alt="' + esc(alt || '') + '" loading="lazy">';
  }

  function button(element, block) {
    var style = element.style === 'primary' || element.style === 'danger' ? ' btn-' + element.style : '';
    var url = element.url ? md.safeUrl(element.url) : null;
    var attributes = dataFor(element, block, 'button') + (url ? ' data-url="' + esc(url) + '"' : '');
    if (element.value !== undefined) attributes += ' data-value="' + esc(element.value) + '"';
    return '<button type="button" class="btn' + style + '"' + attributes + '>' + md.plain(plainText(element.text), element.text && element.text.emoji) + '</button>';
  }

  function optionsOf(element) {
    var options = Array.isArray(element.options) ? element.options.slice() : [];
    if (Array.isArray(element.option_groups)) {
      element.option_groups.forEach(function (group) {
        if (Array.isArray(group.options)) options = options.concat(group.options);
      });
    }
    return options;
  }

  function staticSelect(element, block) {
    var initial = element.initial_option ? element.initial_option.value : null;
    var placeholder = plainText(element.placeholder) || 'Select an item';
    var html = '<span class="select-wrap"><select class="select"' + dataFor(element, block, 'select') + ' aria-label="' + esc(placeholder) + '">';
    html += '<option value="" disabled' + (initial === null ? ' selected' : '') + '>' + esc(placeholder) + '</option>';
    optionsOf(element).forEach(function (option) {
      html += '<option value="' + esc(option.value) + '"' + (option.value === initial ? ' selected' : '') + '>' + esc(plainText(option.text)) + '</option>';
    });
    return html + '</select></span>';
  }

  function overflow(element, block) {
    var html = '<span class="overflow"><button type="button" class="btn btn-icon overflow-toggle" aria-haspopup="true" aria-expanded="false" aria-label="More actions"' +
      ' data-kind="overflow-toggle">⋯</button><span class="overflow-menu" role="menu" hidden>';
    optionsOf(element).forEach(function (option) {
      html += '<button type="button" role="menuitem" class="overflow-item"' + dataFor(element, block, 'overflow') +
        ' data-value="' + esc(option.value) + '">' + md.plain(plainText(option.text)) + '</button>';
    });
    return html + '</span></span>';
  }

  /** Elements the preview cannot operate are shown, disabled, so the message still reads right. */
  function inertElement(element) {
    var label = plainText(element.placeholder) || plainText(element.text) || element.type;
    return '<span class="inert" title="' + esc(element.type) + ' (not interactive in the preview)">' + esc(label) + '</span>';
  }

  function element(elementValue, block) {
    if (!elementValue || typeof elementValue !== 'object') return '';
    switch (elementValue.type) {
      case 'button':
        return button(elementValue, block);
      case 'static_select':
        return staticSelect(elementValue, block);
      case 'overflow':
        return overflow(elementValue, block);
      case 'image':
        return image(elementValue.image_url, elementValue.alt_text, 'accessory-image');
      default:
        return inertElement(elementValue);
    }
  }

  function section(block, context) {
    var html = '<div class="block block-section"><div class="section-body">';
    if (block.text) html += '<div class="section-text">' + textObject(block.text, context) + '</div>';
    if (Array.isArray(block.fields) && block.fields.length) {
      html += '<div class="section-fields">';
      block.fields.forEach(function (field) {
        html += '<div class="section-field">' + textObject(field, context) + '</div>';
      });
      html += '</div>';
    }
    html += '</div>';
    if (block.accessory) html += '<div class="section-accessory">' + element(block.accessory, block) + '</div>';
    return html + '</div>';
  }

  function richText(block, context) {
    // Rich text arrives as nested elements; the preview shows its words with basic styling.
    function inline(items) {
      return (items || []).map(function (item) {
        if (item.type === 'text') {
          var text = esc(item.text || '').replace(/\n/g, '<br>');
          var style = item.style || {};
          if (style.code) text = '<code>' + text + '</code>';
          if (style.bold) text = '<strong>' + text + '</strong>';
          if (style.italic) text = '<em>' + text + '</em>';
          if (style.strike) text = '<del>' + text + '</del>';
          return text;
        }
        if (item.type === 'link') return md.renderInline('<' + (item.url || '') + '|' + (item.text || item.url || '') + '>', context);
        if (item.type === 'user') return md.renderInline('<@' + item.user_id + '>', context);
        if (item.type === 'channel') return md.renderInline('<#' + item.channel_id + '>', context);
        if (item.type === 'emoji') return md.plain(':' + item.name + ':');
        return '';
      }).join('');
    }
    var html = '<div class="block block-rich-text">';
    (block.elements || []).forEach(function (part) {
      if (part.type === 'rich_text_section') html += '<div>' + inline(part.elements) + '</div>';
      else if (part.type === 'rich_text_preformatted') html += '<pre class="md-pre">' + inline(part.elements) + '</pre>';
      else if (part.type === 'rich_text_quote') html += '<blockquote>' + inline(part.elements) + '</blockquote>';
      else if (part.type === 'rich_text_list') {
        var tag = part.style === 'ordered' ? 'ol' : 'ul';
        html += '<' + tag + ' class="md-list">' + (part.elements || []).map(function (item) {
          return '<li>' + inline(item.elements) + '</li>';
        }).join('') + '</' + tag + '>';
      }
    });
    return html + '</div>';
  }

  function block(value, context) {
    if (!value || typeof value !== 'object') return '';
    switch (value.type) {
      case 'header':
        return '<div class="block block-header">' + textObject(value.text, context) + '</div>';
      case 'section':
        return section(value, context);
      case 'divider':
        return '<hr class="block block-divider">';
      case 'context':
        return '<div class="block block-context">' + (value.elements || []).map(function (item) {
          if (item && item.type === 'image') return image(item.image_url, item.alt_text, 'context-image');
          return '<span class="context-text">' + textObject(item, context) + '</span>';
        }).join('') + '</div>';
      case 'actions':
        return '<div class="block block-actions">' + (value.elements || []).map(function (item) {
          return element(item, value);
        }).join('') + '</div>';
      case 'image':
        return '<figure class="block block-image">' + (value.title ? '<figcaption>' + textObject(value.title, context) + '</figcaption>' : '') +
          image(value.image_url, value.alt_text, 'block-image-img') + '</figure>';
      case 'markdown':
        return '<div class="block block-markdown">' + md.render(value.text || '', context) + '</div>';
      case 'rich_text':
        return richText(value, context);
      case 'input':
        return '<div class="block block-input"><label>' + textObject(value.label, context) + '</label>' + element(value.element, value) + '</div>';
      default:
        return '<div class="block block-unknown">[' + esc(value.type) + ' block]</div>';
    }
  }

  function renderBlocks(blocks, context) {
    return (blocks || []).map(function (value) {
      return block(value, context);
    }).join('');
  }

  var ATTACHMENT_COLORS = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

  /** Legacy attachments: a coloured bar with their text, fields and blocks. */
  function renderAttachments(attachments, context) {
    return (attachments || []).map(function (attachment) {
      if (!attachment || typeof attachment !== 'object') return '';
      var color = ATTACHMENT_COLORS[attachment.color] || (/^#?[0-9a-f]{6}$/i.test(attachment.color || '') ? '#' + String(attachment.color).replace('#', '') : '#dddddd');
      var html = '<div class="attachment" data-color="' + esc(color) + '"><div class="attachment-body">';
      if (attachment.pretext) html += '<div class="attachment-pretext">' + md.render(attachment.pretext, context) + '</div>';
      if (attachment.title) html += '<div class="attachment-title">' + md.plain(attachment.title) + '</div>';
      if (attachment.text) html += '<div class="attachment-text">' + md.render(attachment.text, context) + '</div>';
      if (Array.isArray(attachment.fields) && attachment.fields.length) {
        html += '<div class="section-fields">' + attachment.fields.map(function (field) {
          return '<div class="section-field"><strong>' + md.plain(field.title || '') + '</strong><br>' + md.render(field.value || '', context) + '</div>';
        }).join('') + '</div>';
      }
      if (Array.isArray(attachment.blocks)) html += renderBlocks(attachment.blocks, context);
      if (attachment.footer) html += '<div class="block-context">' + md.render(attachment.footer, context) + '</div>';
      return html + '</div></div>';
    }).join('');
  }

  /** A message's body: its blocks when it has them (text is then only the notification fallback). */
  function renderMessageBody(message, context) {
    var html = Array.isArray(message.blocks) && message.blocks.length
      ? renderBlocks(message.blocks, context)
      : '<div class="message-text">' + md.render(message.text || '', context) + '</div>';
    if (Array.isArray(message.attachments) && message.attachments.length) html += renderAttachments(message.attachments, context);
    return html;
  }

  return { renderBlocks: renderBlocks, renderAttachments: renderAttachments, renderMessageBody: renderMessageBody };
});
