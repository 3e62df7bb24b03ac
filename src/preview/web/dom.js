// @ts-check
/**
 * How the page builds its DOM: an element from a tag, attributes and children, where every string
 * child becomes a text node. No markup is ever parsed, so text from a message, a channel or a
 * person's name cannot turn into elements or scripts.
 */

/**
 * An attribute set to false, null or undefined is left out; true gives an empty one (`hidden`).
 * @typedef {string | number | boolean | null | undefined} AttributeValue
 */
/** @typedef {Readonly<Record<string, AttributeValue>>} Attributes */
/** @typedef {Node | string | null | undefined | false} SingleChild */
/** A child, or a list of them (such as a map's result); null, undefined and false add nothing. */
/** @typedef {SingleChild | ReadonlyArray<SingleChild>} Child */

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/**
 * @param {Element} element
 * @param {Attributes} attributes
 */
function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * @param {Element | DocumentFragment} parent
 * @param {readonly Child[]} children
 */
function appendChildren(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string') parent.append(document.createTextNode(child));
    else if (Array.isArray(child)) appendChildren(parent, child);
    else parent.append(/** @type {Node} */ (child));
  }
}

/**
 * An HTML element: `h('a', { href, class: 'link' }, 'text', otherNode)`.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  appendChildren(element, children);
  return element;
}

/**
 * An SVG element (icons): the same as h(), in the SVG namespace.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attributes]
 * @param {...Child} children
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NAMESPACE, tag);
  setAttributes(element, attributes);
  appendChildren(element, children);
  return element;
}

/**
 * Several nodes with no element around them.
 * @param {...Child} children
 * @returns {DocumentFragment}
 */
export function fragment(...children) {
  const result = document.createDocumentFragment();
  appendChildren(result, children);
  return result;
}
