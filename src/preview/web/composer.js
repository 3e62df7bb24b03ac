// @ts-check
/**
 * The message box: Enter sends, Shift+Enter breaks the line, ↑ and ↓ walk back through the
 * commands sent before, and the box grows with its text.
 */

/**
 * @param {{ form: HTMLFormElement, input: HTMLTextAreaElement, onSend: (text: string) => boolean }} parts
 *   onSend: true when the text was sent (it is then cleared and remembered)
 */
export function createComposer({ form, input, onSend }) {
  /** @type {string[]} */
  const history = [];
  /** Where ↑ has got to in the history; -1 while the person types something new. */
  let position = -1;

  function autosize() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  function send() {
    const line = input.value.trim();
    if (!line || !onSend(line)) return;
    history.push(line);
    position = -1;
    input.value = '';
    autosize();
  }

  /** @param {number} at */
  function show(at) {
    position = at;
    input.value = at === -1 ? '' : (history[at] ?? '');
    autosize();
  }

  input.addEventListener('input', autosize);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
      return;
    }
    if (event.key === 'ArrowUp' && (input.value === '' || position !== -1) && history.length > 0) {
      event.preventDefault();
      show(position === -1 ? history.length - 1 : Math.max(0, position - 1));
    } else if (event.key === 'ArrowDown' && position !== -1) {
      event.preventDefault();
      show(position + 1 >= history.length ? -1 : position + 1);
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });

  return {
    focus() {
      input.focus();
    },
  };
}
