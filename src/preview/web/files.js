// @ts-check
/** Files shared with a message (files.uploadV2), as Slack shows them: images inline, other files as a card. */
import { h } from './dom.js';

/** @typedef {import('../standin/types').SharedFile} SharedFile */

/**
 * Where the stand-in serves a file's bytes: on this page's own origin, whatever url_private says.
 * @param {SharedFile} file
 */
function fileUrl(file) {
  return `/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`;
}

/** @param {number} bytes */
function sizeLabel(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/**
 * @param {SharedFile} file
 * @returns {HTMLElement}
 */
function fileNode(file) {
  if (file.mimetype.startsWith('image/')) {
    return h(
      'figure',
      { class: 'message-file file-image', 'data-file': file.id },
      h('figcaption', {}, file.title),
      h(
        'a',
        { href: fileUrl(file), target: '_blank', rel: 'noopener', title: 'Open the full-size image' },
        h('img', { src: fileUrl(file), alt: file.alt_txt || file.title, loading: 'lazy', class: 'file-image-img' }),
      ),
    );
  }
  return h(
    'a',
    { class: 'message-file file-card', 'data-file': file.id, href: fileUrl(file), download: file.name },
    h('span', { class: 'file-card-name' }, file.title),
    h('span', { class: 'file-card-meta' }, `${file.filetype.toUpperCase()} · ${sizeLabel(file.size)}`),
  );
}

/**
 * @param {readonly SharedFile[] | undefined} files
 * @returns {HTMLElement | null}
 */
export function renderFiles(files) {
  if (!Array.isArray(files) || files.length === 0) return null;
  return h('div', { class: 'message-files' }, files.map(fileNode));
}
