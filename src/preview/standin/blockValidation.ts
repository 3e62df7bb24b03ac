import type { Block } from './types';

/**
 * Block Kit checks with Slack's published limits, so a message Slack would refuse is refused here
 * too, with Slack's error code and a pointer to the offending field in `response_metadata.messages`.
 */

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  actionsElements: 25,
  contextElements: 10,
  altText: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  overflowOptions: 5,
  placeholder: 150,
  imageTitle: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  tableRows: 100,
  tableCells: 20,
  tableColumnSettings: 20,
  tablesPerMessage: 1,
  markdownText: 12_000,
} as const;

/** The cell types a `table` block takes. */
const TABLE_CELL_TYPES = new Set(['raw_text', 'rich_text']);

export type BlockCheck = { ok: true; blocks: Block[] } | { ok: false; error: 'invalid_blocks'; messages: string[] };

const KNOWN_BLOCKS = new Set([
  'section', 'header', 'divider', 'context', 'actions', 'image', 'input', 'rich_text', 'video', 'file', 'markdown',
  'context_actions', 'table',
]);

const INTERACTIVE_ELEMENTS = new Set([
  'button', 'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select',
  'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select',
  'multi_channels_select', 'overflow', 'datepicker', 'timepicker', 'datetimepicker', 'checkboxes', 'radio_buttons',
  'plain_text_input', 'email_text_input', 'url_text_input', 'number_input', 'workflow_button', 'rich_text_input',
]);

class Problems {
  readonly messages: string[] = [];
  add(pointer: string, message: string): void {
    if (this.messages.length < 20) this.messages.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkLength(problems: Problems, pointer: string, value: unknown, max: number, required = true): void {
  if (value === undefined) {
    if (required) problems.add(pointer, 'missing required field');
    return;
  }
  if (typeof value !== 'string') {
    problems.add(pointer, 'must be a string');
    return;
  }
  if (value.length === 0 && required) problems.add(pointer, 'must be more than 0 characters');
  if (value.length > max) problems.add(pointer, `must be less than ${max + 1} characters`);
}

function checkTextObject(
  problems: Problems,
  pointer: string,
  value: unknown,
  max: number,
  only?: 'plain_text' | 'mrkdwn',
): void {
  if (!isRecord(value)) {
    problems.add(pointer, 'must be a text object');
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    problems.add(`${pointer}/type`, 'must be plain_text or mrkdwn');
  } else if (only !== undefined && value.type !== only) {
    problems.add(`${pointer}/type`, `must be ${only}`);
  }
  checkLength(problems, `${pointer}/text`, value.text, max);
}

function checkOption(problems: Problems, pointer: string, value: unknown): void {
  if (!isRecord(value)) {
    problems.add(pointer, 'must be an option object');
    return;
  }
  checkTextObject(problems, `${pointer}/text`, value.text, BLOCK_LIMITS.optionText);
  checkLength(problems, `${pointer}/value`, value.value, BLOCK_LIMITS.optionValue);
}

function checkOptions(problems: Problems, pointer: string, value: unknown, max: number, required: boolean): void {
  if (value === undefined) {
    if (required) problems.add(pointer, 'missing required field');
    return;
  }
  if (!Array.isArray(value)) {
    problems.add(pointer, 'must be an array');
    return;
  }
  if (value.length === 0) problems.add(pointer, 'must provide at least 1 item');
  if (value.length > max) problems.add(pointer, `must provide no more than ${max} items`);
  value.forEach((option, index) => checkOption(problems, `${pointer}/${index}`, option));
}

function checkImageElement(problems: Problems, pointer: string, element: Record<string, unknown>): void {
  if (element.image_url === undefined && element.slack_file === undefined) {
    problems.add(`${pointer}/image_url`, 'missing required field');
  } else if (element.image_url !== undefined) {
    checkLength(problems, `${pointer}/image_url`, element.image_url, BLOCK_LIMITS.url);
  }
  checkLength(problems, `${pointer}/alt_text`, element.alt_text, BLOCK_LIMITS.altText);
}

/** A confirmation dialog (`confirm` on an interactive element): Slack shows it before the action is sent. */
function checkConfirm(problems: Problems, pointer: string, value: unknown): void {
  if (!isRecord(value)) {
    problems.add(pointer, 'must be a confirm object');
    return;
  }
  checkTextObject(problems, `${pointer}/title`, value.title, BLOCK_LIMITS.confirmTitle, 'plain_text');
  checkTextObject(problems, `${pointer}/text`, value.text, BLOCK_LIMITS.confirmText);
  checkTextObject(problems, `${pointer}/confirm`, value.confirm, BLOCK_LIMITS.confirmButton, 'plain_text');
  checkTextObject(problems, `${pointer}/deny`, value.deny, BLOCK_LIMITS.confirmButton, 'plain_text');
  if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
    problems.add(`${pointer}/style`, 'must be primary or danger');
  }
}

function checkElement(problems: Problems, pointer: string, value: unknown, actionIds: Set<string>): void {
  if (!isRecord(value) || typeof value.type !== 'string') {
    problems.add(pointer, 'must be an element object with a type');
    return;
  }
  const element = value;
  if (element.type === 'image') {
    checkImageElement(problems, pointer, element);
    return;
  }
  if (!INTERACTIVE_ELEMENTS.has(String(element.type))) {
    problems.add(`${pointer}/type`, `unsupported element type "${String(element.type)}"`);
    return;
  }
  if (element.action_id !== undefined) {
    checkLength(problems, `${pointer}/action_id`, element.action_id, BLOCK_LIMITS.id);
    if (typeof element.action_id === 'string') {
      if (actionIds.has(element.action_id)) problems.add(`${pointer}/action_id`, 'action_id must be unique within its block');
      actionIds.add(element.action_id);
    }
  }
  if (element.confirm !== undefined) checkConfirm(problems, `${pointer}/confirm`, element.confirm);
  switch (element.type) {
    case 'button':
      checkTextObject(problems, `${pointer}/text`, element.text, BLOCK_LIMITS.buttonText, 'plain_text');
      checkLength(problems, `${pointer}/value`, element.value, BLOCK_LIMITS.buttonValue, false);
      checkLength(problems, `${pointer}/url`, element.url, BLOCK_LIMITS.url, false);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        problems.add(`${pointer}/style`, 'must be primary or danger');
      }
      break;
    case 'static_select':
    case 'multi_static_select':
      if (element.placeholder !== undefined) {
        checkTextObject(problems, `${pointer}/placeholder`, element.placeholder, BLOCK_LIMITS.placeholder, 'plain_text');
      }
      if (element.option_groups === undefined) {
        checkOptions(problems, `${pointer}/options`, element.options, BLOCK_LIMITS.selectOptions, true);
      }
      break;
    case 'overflow':
      checkOptions(problems, `${pointer}/options`, element.options, BLOCK_LIMITS.overflowOptions, true);
      break;
    default:
      break;
  }
}

function checkTableCell(problems: Problems, pointer: string, cell: unknown): void {
  if (!isRecord(cell) || typeof cell.type !== 'string' || !TABLE_CELL_TYPES.has(cell.type)) {
    problems.add(`${pointer}/type`, 'must be raw_text or rich_text');
    return;
  }
  if (cell.type === 'raw_text') checkLength(problems, `${pointer}/text`, cell.text, BLOCK_LIMITS.sectionText);
  else if (!Array.isArray(cell.elements) || cell.elements.length === 0) problems.add(`${pointer}/elements`, 'must provide at least 1 item');
}

/** A table: 1 to 100 rows of 1 to 20 cells, each raw_text or rich_text; at most 20 column settings. */
function checkTable(problems: Problems, pointer: string, block: Record<string, unknown>): void {
  if (!Array.isArray(block.rows)) {
    problems.add(`${pointer}/rows`, 'missing required field');
    return;
  }
  if (block.rows.length === 0) problems.add(`${pointer}/rows`, 'must provide at least 1 item');
  if (block.rows.length > BLOCK_LIMITS.tableRows) problems.add(`${pointer}/rows`, `must provide no more than ${BLOCK_LIMITS.tableRows} items`);
  block.rows.forEach((row, index) => {
    const rowPointer = `${pointer}/rows/${index}`;
    if (!Array.isArray(row)) {
      problems.add(rowPointer, 'must be an array');
      return;
    }
    if (row.length === 0) problems.add(rowPointer, 'must provide at least 1 item');
    if (row.length > BLOCK_LIMITS.tableCells) problems.add(rowPointer, `must provide no more than ${BLOCK_LIMITS.tableCells} items`);
    row.forEach((cell, cellIndex) => checkTableCell(problems, `${rowPointer}/${cellIndex}`, cell));
  });
  if (block.column_settings !== undefined) {
    if (!Array.isArray(block.column_settings)) {
      problems.add(`${pointer}/column_settings`, 'must be an array');
      return;
    }
    if (block.column_settings.length > BLOCK_LIMITS.tableColumnSettings) {
      problems.add(`${pointer}/column_settings`, `must provide no more than ${BLOCK_LIMITS.tableColumnSettings} items`);
    }
    block.column_settings.forEach((setting, index) => {
      if (setting === null) return;
      if (!isRecord(setting)) return problems.add(`${pointer}/column_settings/${index}`, 'must be an object');
      if (setting.align !== undefined && !['left', 'center', 'right'].includes(String(setting.align))) {
        problems.add(`${pointer}/column_settings/${index}/align`, 'must be left, center or right');
      }
      if (setting.is_wrapped !== undefined && typeof setting.is_wrapped !== 'boolean') {
        problems.add(`${pointer}/column_settings/${index}/is_wrapped`, 'must be a boolean');
      }
    });
  }
}

function checkBlock(problems: Problems, pointer: string, value: unknown, blockIds: Set<string>): void {
  if (!isRecord(value) || typeof value.type !== 'string') {
    problems.add(pointer, 'must be a block object with a type');
    return;
  }
  const block = value;
  // Slack wants action_ids unique within their block, not across the message.
  const actionIds = new Set<string>();
  if (!KNOWN_BLOCKS.has(String(block.type))) {
    problems.add(`${pointer}/type`, `unsupported block type "${String(block.type)}"`);
    return;
  }
  if (block.block_id !== undefined) {
    checkLength(problems, `${pointer}/block_id`, block.block_id, BLOCK_LIMITS.id);
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problems.add(`${pointer}/block_id`, 'block_id must be unique in the message');
      blockIds.add(block.block_id);
    }
  }
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        problems.add(pointer, 'must provide text or fields');
      }
      if (block.text !== undefined) checkTextObject(problems, `${pointer}/text`, block.text, BLOCK_LIMITS.sectionText);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) {
          problems.add(`${pointer}/fields`, 'must be an array');
        } else {
          if (block.fields.length > BLOCK_LIMITS.sectionFields) {
            problems.add(`${pointer}/fields`, `must provide no more than ${BLOCK_LIMITS.sectionFields} items`);
          }
          block.fields.forEach((field, index) =>
            checkTextObject(problems, `${pointer}/fields/${index}`, field, BLOCK_LIMITS.fieldText),
          );
        }
      }
      if (block.accessory !== undefined) checkElement(problems, `${pointer}/accessory`, block.accessory, actionIds);
      break;
    }
    case 'header':
      checkTextObject(problems, `${pointer}/text`, block.text, BLOCK_LIMITS.headerText, 'plain_text');
      break;
    case 'context': {
      if (!Array.isArray(block.elements)) {
        problems.add(`${pointer}/elements`, 'must be an array');
        break;
      }
      if (block.elements.length === 0) problems.add(`${pointer}/elements`, 'must provide at least 1 item');
      if (block.elements.length > BLOCK_LIMITS.contextElements) {
        problems.add(`${pointer}/elements`, `must provide no more than ${BLOCK_LIMITS.contextElements} items`);
      }
      block.elements.forEach((element, index) => {
        const elementPointer = `${pointer}/elements/${index}`;
        if (isRecord(element) && element.type === 'image') checkImageElement(problems, elementPointer, element);
        else checkTextObject(problems, elementPointer, element, BLOCK_LIMITS.sectionText);
      });
      break;
    }
    case 'actions': {
      if (!Array.isArray(block.elements)) {
        problems.add(`${pointer}/elements`, 'must be an array');
        break;
      }
      if (block.elements.length === 0) problems.add(`${pointer}/elements`, 'must provide at least 1 item');
      if (block.elements.length > BLOCK_LIMITS.actionsElements) {
        problems.add(`${pointer}/elements`, `must provide no more than ${BLOCK_LIMITS.actionsElements} items`);
      }
      block.elements.forEach((element, index) => checkElement(problems, `${pointer}/elements/${index}`, element, actionIds));
      break;
    }
    case 'image':
      checkImageElement(problems, pointer, block);
      if (block.title !== undefined) checkTextObject(problems, `${pointer}/title`, block.title, BLOCK_LIMITS.imageTitle, 'plain_text');
      break;
    case 'table':
      checkTable(problems, pointer, block);
      break;
    case 'markdown':
      checkLength(problems, `${pointer}/text`, block.text, BLOCK_LIMITS.markdownText);
      break;
    case 'input':
      checkTextObject(problems, `${pointer}/label`, block.label, 2000, 'plain_text');
      if (block.element !== undefined) checkElement(problems, `${pointer}/element`, block.element, actionIds);
      else problems.add(`${pointer}/element`, 'missing required field');
      break;
    default:
      break;
  }
}

/**
 * Checks blocks as received: an array (or the JSON text of one, as form-encoded calls send it) of
 * at most `maxBlocks` valid blocks.
 */
export function validateBlocks(value: unknown, maxBlocks: number = BLOCK_LIMITS.messageBlocks): BlockCheck {
  const problems = new Problems();
  if (!Array.isArray(value)) {
    problems.add('/blocks', 'must be an array');
    return { ok: false, error: 'invalid_blocks', messages: problems.messages };
  }
  if (value.length > maxBlocks) {
    problems.add('/blocks', `must provide no more than ${maxBlocks} items`);
  }
  const blockIds = new Set<string>();
  value.forEach((block, index) => checkBlock(problems, `/blocks/${index}`, block, blockIds));
  // Slack shows one table per message and refuses a second.
  const tables = value.flatMap((block, index) => (isRecord(block) && block.type === 'table' ? [index] : []));
  for (const index of tables.slice(BLOCK_LIMITS.tablesPerMessage)) problems.add(`/blocks/${index}`, 'only one table block is allowed per message');
  if (problems.messages.length > 0) return { ok: false, error: 'invalid_blocks', messages: problems.messages };
  return { ok: true, blocks: value as Block[] };
}
