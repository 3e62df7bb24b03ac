// @ts-check
/**
 * Reading JSON the page did not write. Blocks and attachments arrive as the app sent them (the
 * stand-in checks them as Slack does, but keeps what it does not know), so the renderers read every
 * field through these and never trust its type.
 */

/** @typedef {Readonly<Record<string, unknown>>} JsonObject */

/**
 * @param {unknown} value
 * @returns {value is JsonObject}
 */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value as text: '' when it is missing.
 * @param {unknown} value
 * @returns {string}
 */
export function textOf(value) {
  return value === undefined || value === null ? '' : String(value);
}

/**
 * The value when it is a list, else an empty one.
 * @param {unknown} value
 * @returns {readonly unknown[]}
 */
export function listOf(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * The objects in a list; anything else in it is skipped.
 * @param {unknown} value
 * @returns {JsonObject[]}
 */
export function objectsOf(value) {
  return listOf(value).filter(isObject);
}
