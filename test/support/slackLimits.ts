import { BLOCK_LIMITS } from '../../src/preview/standin/blockValidation';

/**
 * Slack's Block Kit limits, checked independently of the code that enforces them, plus the
 * project's own rules: a compact total size, a text fallback, and mrkdwn whose only markup is the
 * markup Pulse means to send (links, user and channel mentions, date tokens), so data can never
 * inject a link or an @channel.
 */

/** Slack's limits as the Slack stand-in states them (independently of the builders), plus the project's own. */
export const LIMITS = {
  ...BLOCK_LIMITS,
  blocks: BLOCK_LIMITS.messageBlocks,
  fields: BLOCK_LIMITS.sectionFields,
  /** Under the ~13 k characters at which msg_blocks_too_long has been reported. */
  totalChars: 12_000,
  textFallback: 3000,
} as const;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const ALLOWED_TOKEN = /<(?:https:\/\/[^|<>\s]+\|[^<>]+|@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+(?:\|[^<>|]+)?|#[CGD][A-Z0-9]+|!date\^\d+\^\{[a-z_]+\}(?: \{[a-z_]+\})?\|[^<>|]+)>/g;

/** Problems with one mrkdwn string's markup; empty when it is well formed. */
export function mrkdwnProblems(text: string): string[] {
  const problems: string[] = [];
  const rest = text.replace(ALLOWED_TOKEN, '');
  if (rest.includes('<') || rest.includes('>')) problems.push(`unescaped < or > (or a malformed token) in ${JSON.stringify(text.slice(0, 120))}`);
  if (/&(?!amp;|lt;|gt;)/.test(text)) problems.push(`a bare & in ${JSON.stringify(text.slice(0, 120))}`);
  if (/<!(?:channel|here|everyone)/.test(text)) problems.push('a broadcast mention');
  const fences = text.split('```').length - 1;
  if (fences % 2 !== 0) problems.push('an unclosed code block');
  return problems;
}

export function slackLimitProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  const add = (where: string, what: string) => problems.push(`${where}: ${what}`);

  const checkLength = (where: string, value: unknown, max: number, required = true) => {
    if (value === undefined) {
      if (required) add(where, 'missing');
      return;
    }
    if (typeof value !== 'string') return add(where, 'not a string');
    if (required && value.trim() === '') add(where, 'empty');
    if (value.length > max) add(where, `${value.length} characters > ${max}`);
  };

  const checkText = (where: string, value: unknown, max: number, only?: 'plain_text' | 'mrkdwn') => {
    if (!isRecord(value)) return add(where, 'not a text object');
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') add(where, `text type ${String(value.type)}`);
    if (only && value.type !== only) add(where, `must be ${only}`);
    checkLength(`${where}.text`, value.text, max);
    if (value.type === 'mrkdwn' && typeof value.text === 'string') mrkdwnProblems(value.text).forEach((p) => add(where, p));
  };

  const checkOption = (where: string, value: unknown) => {
    if (!isRecord(value)) return add(where, 'not an option');
    checkText(`${where}.text`, value.text, LIMITS.optionText, 'plain_text');
    checkLength(`${where}.value`, value.value, LIMITS.optionValue);
    checkLength(`${where}.url`, value.url, LIMITS.url, false);
  };

  const checkElement = (where: string, value: unknown, actionIds: Set<string>) => {
    if (!isRecord(value)) return add(where, 'not an element');
    if (value.action_id !== undefined) {
      checkLength(`${where}.action_id`, value.action_id, LIMITS.id);
      if (typeof value.action_id === 'string') {
        if (actionIds.has(value.action_id)) add(where, `duplicate action_id ${value.action_id} in its block`);
        actionIds.add(value.action_id);
      }
    }
    switch (value.type) {
      case 'button':
        checkText(`${where}.text`, value.text, LIMITS.buttonText, 'plain_text');
        checkLength(`${where}.value`, value.value, LIMITS.buttonValue, false);
        checkLength(`${where}.url`, value.url, LIMITS.url, false);
        break;
      case 'static_select':
        if (value.placeholder !== undefined) checkText(`${where}.placeholder`, value.placeholder, LIMITS.placeholder, 'plain_text');
        if (!Array.isArray(value.options) || value.options.length === 0) add(where, 'a select without options');
        else {
          if (value.options.length > LIMITS.selectOptions) add(where, `${value.options.length} options > ${LIMITS.selectOptions}`);
          value.options.forEach((option, i) => checkOption(`${where}.options[${i}]`, option));
        }
        break;
      case 'overflow':
        if (!Array.isArray(value.options) || value.options.length === 0) add(where, 'an overflow without options');
        else {
          if (value.options.length > LIMITS.overflowOptions) add(where, `${value.options.length} overflow options > ${LIMITS.overflowOptions}`);
          value.options.forEach((option, i) => checkOption(`${where}.options[${i}]`, option));
        }
        break;
      default:
        add(where, `unexpected element type ${String(value.type)}`);
    }
  };

  if (typeof message.text !== 'string' || message.text.trim() === '') add('text', 'no text fallback');
  else {
    if (message.text.length > LIMITS.textFallback) add('text', `${message.text.length} characters > ${LIMITS.textFallback}`);
    mrkdwnProblems(message.text).forEach((p) => add('text', p));
  }

  const blocks = message.blocks;
  if (!Array.isArray(blocks)) return [...problems, 'blocks: not an array'];
  if (blocks.length === 0) add('blocks', 'none');
  if (blocks.length > LIMITS.blocks) add('blocks', `${blocks.length} blocks > ${LIMITS.blocks}`);
  const total = JSON.stringify(blocks).length;
  if (total > LIMITS.totalChars) add('blocks', `${total} characters of blocks > ${LIMITS.totalChars}`);

  const blockIds = new Set<string>();
  let tables = 0;
  blocks.forEach((block: unknown, index) => {
    const where = `blocks[${index}]`;
    if (!isRecord(block)) return add(where, 'not a block');
    if (block.block_id !== undefined) {
      checkLength(`${where}.block_id`, block.block_id, LIMITS.id);
      if (typeof block.block_id === 'string') {
        if (blockIds.has(block.block_id)) add(where, `duplicate block_id ${block.block_id}`);
        blockIds.add(block.block_id);
      }
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'header':
        checkText(`${where}.text`, block.text, LIMITS.headerText, 'plain_text');
        break;
      case 'section':
        if (block.text === undefined && block.fields === undefined) add(where, 'neither text nor fields');
        if (block.text !== undefined) checkText(`${where}.text`, block.text, LIMITS.sectionText);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields)) add(where, 'fields not an array');
          else {
            if (block.fields.length > LIMITS.fields) add(where, `${block.fields.length} fields > ${LIMITS.fields}`);
            block.fields.forEach((field, i) => checkText(`${where}.fields[${i}]`, field, LIMITS.fieldText));
          }
        }
        if (block.accessory !== undefined) checkElement(`${where}.accessory`, block.accessory, actionIds);
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0) add(where, 'a context without elements');
        else {
          if (block.elements.length > LIMITS.contextElements) add(where, `${block.elements.length} context elements > ${LIMITS.contextElements}`);
          block.elements.forEach((element, i) => checkText(`${where}.elements[${i}]`, element, LIMITS.sectionText));
        }
        break;
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length === 0) add(where, 'actions without elements');
        else {
          if (block.elements.length > LIMITS.actionsElements) add(where, `${block.elements.length} elements > ${LIMITS.actionsElements}`);
          block.elements.forEach((element, i) => checkElement(`${where}.elements[${i}]`, element, actionIds));
        }
        break;
      case 'divider':
        break;
      case 'table':
        tables += 1;
        if (tables > LIMITS.tablesPerMessage) add(where, 'a second table in one message');
        if (!Array.isArray(block.rows) || block.rows.length === 0) add(where, 'a table without rows');
        else {
          if (block.rows.length > LIMITS.tableRows) add(where, `${block.rows.length} rows > ${LIMITS.tableRows}`);
          block.rows.forEach((row: unknown, r) => {
            if (!Array.isArray(row) || row.length === 0) return add(`${where}.rows[${r}]`, 'an empty row');
            if (row.length > LIMITS.tableCells) add(`${where}.rows[${r}]`, `${row.length} cells > ${LIMITS.tableCells}`);
            row.forEach((cell: unknown, c) => {
              if (!isRecord(cell) || (cell.type !== 'raw_text' && cell.type !== 'rich_text')) return add(`${where}.rows[${r}][${c}]`, 'a cell neither raw_text nor rich_text');
              if (cell.type === 'raw_text') checkLength(`${where}.rows[${r}][${c}].text`, cell.text, LIMITS.sectionText);
            });
          });
        }
        if (Array.isArray(block.column_settings) && block.column_settings.length > LIMITS.tableColumnSettings) add(where, `${block.column_settings.length} column settings > ${LIMITS.tableColumnSettings}`);
        break;
      default:
        add(where, `unexpected block type ${String(block.type)}`);
    }
  });
  return problems;
}

/** Fails with every problem listed when a message would break a Slack limit or a project rule. */
export function assertWithinSlackLimits(message: { text?: unknown; blocks?: unknown }, label = 'message'): void {
  const problems = slackLimitProblems(message);
  if (problems.length > 0) {
    throw new Error(`${label} breaks Slack's limits:\n  - ${problems.slice(0, 25).join('\n  - ')}${problems.length > 25 ? `\n  … ${problems.length - 25} more` : ''}`);
  }
}
