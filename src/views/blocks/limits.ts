import { truncateMrkdwn, truncatePlain } from './mrkdwn';
import type { KnownBlock, SlackMessage } from './types';

/** Slack's published Block Kit limits for messages. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  overflowOptions: 5,
  placeholder: 150,
  /** A table's rows, its heading row included. */
  tableRows: 100,
  tableCells: 20,
  tableCellText: 3000,
  tablesPerMessage: 1,
} as const;

/**
 * Below Slack's per-block limits a message can still be refused (`msg_blocks_too_long` has been
 * seen near 13 k characters), so whole messages stay under this many characters of block JSON.
 */
export const MESSAGE_BUDGET = 11_000;

/** The text fallback: what a phone notification shows; a sentence or two, never a report. */
export const TEXT_FALLBACK_MAX = 2900;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fitTextObject(value: unknown, max: number): Json {
  const object: Json = isRecord(value) ? { ...value } : { type: 'mrkdwn', text: String(value ?? '') };
  const raw = typeof object.text === 'string' ? object.text : String(object.text ?? '');
  // Slack refuses empty texts; a dash says "nothing" without failing the whole message.
  const text = raw.trim() === '' ? '—' : raw;
  object.text = object.type === 'plain_text' ? truncatePlain(text, max) : truncateMrkdwn(text, max);
  return object;
}

function fitPlainText(value: unknown, max: number): Json {
  const object = fitTextObject(value, max);
  if (object.type !== 'plain_text') {
    object.type = 'plain_text';
    delete object.verbatim;
  }
  return object;
}

function fitId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.slice(0, SLACK_LIMITS.id);
}

function fitOption(value: unknown): Json {
  const option: Json = isRecord(value) ? { ...value } : {};
  option.text = fitPlainText(option.text, SLACK_LIMITS.optionText);
  if (typeof option.value === 'string') option.value = option.value.slice(0, SLACK_LIMITS.optionValue);
  if (option.description !== undefined) option.description = fitPlainText(option.description, SLACK_LIMITS.optionText);
  if (typeof option.url === 'string' && option.url.length > SLACK_LIMITS.url) delete option.url;
  return option;
}

function fitElement(value: unknown): Json | null {
  if (!isRecord(value)) return null;
  const element: Json = { ...value };
  const actionId = fitId(element.action_id);
  if (actionId === undefined) delete element.action_id;
  else element.action_id = actionId;
  switch (element.type) {
    case 'button':
      element.text = fitPlainText(element.text, SLACK_LIMITS.buttonText);
      if (typeof element.value === 'string') element.value = element.value.slice(0, SLACK_LIMITS.buttonValue);
      // A cut URL leads somewhere wrong; a button without one still works as an action.
      if (typeof element.url === 'string' && element.url.length > SLACK_LIMITS.url) delete element.url;
      break;
    case 'static_select':
      if (element.placeholder !== undefined) element.placeholder = fitPlainText(element.placeholder, SLACK_LIMITS.placeholder);
      if (Array.isArray(element.options)) {
        const options = element.options.slice(0, SLACK_LIMITS.selectOptions).map(fitOption);
        if (options.length === 0) return null;
        element.options = options;
      }
      break;
    case 'overflow':
      if (Array.isArray(element.options)) {
        const options = element.options.slice(0, SLACK_LIMITS.overflowOptions).map(fitOption);
        if (options.length === 0) return null;
        element.options = options;
      }
      break;
    default:
      break;
  }
  return element;
}

function moreText(count: number): Json {
  return { type: 'mrkdwn', text: `…and ${count} more` };
}

/** One block within its own limits; null when nothing valid is left of it. */
function fitBlock(value: unknown, blockIds: Set<string>): Json | null {
  if (!isRecord(value)) return null;
  const block: Json = { ...value };
  const blockId = fitId(block.block_id);
  if (blockId === undefined || blockIds.has(blockId)) delete block.block_id;
  else {
    block.block_id = blockId;
    blockIds.add(blockId);
  }
  switch (block.type) {
    case 'header':
      block.text = fitPlainText(block.text, SLACK_LIMITS.headerText);
      return block;
    case 'section': {
      if (block.text !== undefined) block.text = fitTextObject(block.text, SLACK_LIMITS.sectionText);
      if (Array.isArray(block.fields)) {
        let fields = block.fields.map((field) => fitTextObject(field, SLACK_LIMITS.fieldText));
        if (fields.length > SLACK_LIMITS.sectionFields) {
          const hidden = fields.length - (SLACK_LIMITS.sectionFields - 1);
          fields = [...fields.slice(0, SLACK_LIMITS.sectionFields - 1), moreText(hidden)];
        }
        if (fields.length === 0) delete block.fields;
        else block.fields = fields;
      }
      if (block.text === undefined && block.fields === undefined) block.text = { type: 'mrkdwn', text: '—' };
      if (block.accessory !== undefined) {
        const accessory = fitElement(block.accessory);
        if (accessory === null) delete block.accessory;
        else block.accessory = accessory;
      }
      return block;
    }
    case 'context': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) return null;
      let elements = block.elements.map((element) =>
        isRecord(element) && element.type === 'image' ? element : fitTextObject(element, SLACK_LIMITS.contextText),
      );
      if (elements.length > SLACK_LIMITS.contextElements) {
        const hidden = elements.length - (SLACK_LIMITS.contextElements - 1);
        elements = [...elements.slice(0, SLACK_LIMITS.contextElements - 1), moreText(hidden)];
      }
      block.elements = elements;
      return block;
    }
    case 'actions': {
      if (!Array.isArray(block.elements)) return null;
      const elements = block.elements.map(fitElement).filter((element): element is Json => element !== null);
      // action_ids must be unique within their block: a repeat would make Slack refuse the message.
      const seen = new Set<string>();
      const unique = elements.filter((element) => {
        if (typeof element.action_id !== 'string') return true;
        if (seen.has(element.action_id)) return false;
        seen.add(element.action_id);
        return true;
      });
      if (unique.length === 0) return null;
      block.elements = unique.slice(0, SLACK_LIMITS.actionsElements);
      return block;
    }
    case 'table':
      return fitTable(block);
    default:
      return block;
  }
}

function rawCell(text: string): Json {
  return { type: 'raw_text', text };
}

/** A table within Slack's limits: at most 100 rows (the last saying how many more) of at most 20 cells. */
function fitTable(block: Json): Json | null {
  if (!Array.isArray(block.rows) || block.rows.length === 0) return null;
  let rows = (block.rows as unknown[]).map((row): unknown[] =>
    (Array.isArray(row) ? (row as unknown[]) : []).slice(0, SLACK_LIMITS.tableCells).map((cell: unknown): unknown => {
      if (!isRecord(cell) || cell.type !== 'raw_text') return cell;
      const text = typeof cell.text === 'string' && cell.text.trim() !== '' ? cell.text : '—';
      return rawCell(truncatePlain(text, SLACK_LIMITS.tableCellText));
    }),
  );
  if (rows.some((row) => row.length === 0)) return null;
  if (rows.length > SLACK_LIMITS.tableRows) {
    const hidden = rows.length - (SLACK_LIMITS.tableRows - 1);
    const width = (rows[0] as unknown[]).length;
    rows = [...rows.slice(0, SLACK_LIMITS.tableRows - 1), [rawCell(`…and ${hidden} more`), ...Array.from({ length: width - 1 }, () => rawCell('—'))]];
  }
  const fitted: Json = { ...block, rows };
  if (Array.isArray(block.column_settings)) fitted.column_settings = block.column_settings.slice(0, SLACK_LIMITS.tableCells);
  return fitted;
}

const MORE_ROWS = /^…and (\d+) more$/;

/** The table with one row fewer, the last row counting every row left out; null when only its heading and one row are left. */
function shortenTable(block: Json): Json | null {
  const rows = block.rows as unknown[][];
  const lastText = (rows[rows.length - 1]?.[0] as Json | undefined)?.text;
  const counted = typeof lastText === 'string' ? MORE_ROWS.exec(lastText) : null;
  const body = counted ? rows.slice(0, -1) : rows;
  const hidden = (counted ? Number(counted[1]) : 0) + 1;
  if (body.length <= 2) return null;
  const width = (rows[0] as unknown[]).length;
  const note = [rawCell(`…and ${hidden} more`), ...Array.from({ length: width - 1 }, () => rawCell('—'))];
  return { ...block, rows: [...body.slice(0, -1), note] };
}

function size(blocks: readonly unknown[]): number {
  return JSON.stringify(blocks).length;
}

/** Whether these blocks fit one message whole, so fitMessage has nothing to cut: for builders that choose what to show. */
export function fitsOneMessage(blocks: readonly KnownBlock[]): boolean {
  return blocks.length <= SLACK_LIMITS.blocks && size(blocks) <= MESSAGE_BUDGET;
}

/**
 * A footer every message of its kind must keep (the demo note): fitMessage keeps it like the
 * closing buttons, cutting the body instead.
 */
export const FOOTER_BLOCK_ID = 'pulse_footer';

/** The cut note says in its id how many blocks it stands for, so fitting a message again counts on. */
const CUT_NOTE_ID = 'pulse_cut_';

function cutNote(count: number): Json {
  return {
    type: 'context',
    block_id: `${CUT_NOTE_ID}${count}`,
    elements: [{ type: 'mrkdwn', text: `…${count} more block${count === 1 ? '' : 's'} not shown (Slack's message size limit). Narrow the question to see them.` }],
  };
}

function cutCount(block: Json | undefined): number {
  const id = block?.block_id;
  return typeof id === 'string' && id.startsWith(CUT_NOTE_ID) ? Number(id.slice(CUT_NOTE_ID.length)) || 0 : 0;
}

function isProtectedTail(block: Json | undefined): boolean {
  return block?.type === 'actions' || block?.block_id === FOOTER_BLOCK_ID;
}

/**
 * The single place Slack's limits are enforced; every builder returns through it. Texts are cut
 * without breaking markup, lists of fields and elements end in "and N more", and a message with
 * too many blocks or too many characters loses blocks from its end (its closing buttons and footer kept)
 * with a note saying how many were cut. The text fallback is never empty.
 */
export function fitMessage(message: SlackMessage): SlackMessage {
  const blockIds = new Set<string>();
  let tables = 0;
  let blocks = (message.blocks as unknown[])
    .map((block) => fitBlock(block, blockIds))
    .filter((block): block is Json => block !== null)
    // Slack refuses a second table in one message; builders put the others in their own messages.
    .filter((block) => block.type !== 'table' || (tables += 1) <= SLACK_LIMITS.tablesPerMessage);

  const tail: Json[] = [];
  while (isProtectedTail(blocks[blocks.length - 1]) && tail.length < 3) tail.unshift(blocks.pop() as Json);

  // A message fitted before (and given a footer since) goes on counting what was cut then.
  let cut = cutCount(blocks[blocks.length - 1]);
  if (cut > 0) blocks = blocks.slice(0, -1);
  const assembled = () => (cut > 0 ? [...blocks, cutNote(cut), ...tail] : [...blocks, ...tail]);
  const fits = (list: readonly Json[]) => list.length <= SLACK_LIMITS.blocks && size(list) <= MESSAGE_BUDGET;
  let result = assembled();
  // Measuring is the costly part: a message that fits as it is (most do) is measured once.
  if (!fits(result)) {
    // A table too big for the message loses rows (a last row says how many) before any block is cut.
    const tableAt = blocks.findIndex((block) => block.type === 'table');
    if (tableAt >= 0) {
      while (size(assembled()) > MESSAGE_BUDGET) {
        const shorter = shortenTable(blocks[tableAt] as Json);
        if (shorter === null) break;
        blocks = blocks.map((block, i) => (i === tableAt ? shorter : block));
      }
    }
    while (blocks.length > 0 && !fits(assembled())) {
      blocks = blocks.slice(0, -1);
      cut += 1;
    }
    result = assembled();
    // Only the protected tail left and still too big: the tail goes too rather than a refused message.
    while (result.length > 0 && !fits(result)) result = result.slice(0, -1);
  }

  const text = message.text.trim() === '' ? firstText(result) : message.text;
  return { text: truncateMrkdwn(text, TEXT_FALLBACK_MAX), blocks: result as unknown as KnownBlock[] };
}

function firstText(blocks: readonly Json[]): string {
  for (const block of blocks) {
    const text = isRecord(block.text) ? block.text.text : undefined;
    if (typeof text === 'string' && text.trim() !== '') return text;
  }
  return 'Fivetran Pulse';
}

export interface PackOptions {
  /** Show at most this many lines. */
  maxLines?: number;
  /** How many items there are in all, when `lines` holds only the first of them. */
  total?: number;
  moreLabel?: (count: number) => string;
}

/**
 * Lines packed into one mrkdwn text of at most `max` characters; what does not fit (or lies
 * beyond `maxLines`, or beyond the lines given when `total` is larger) is counted in a closing
 * "…and N more" line.
 */
export function packLines(lines: readonly string[], max: number = SLACK_LIMITS.sectionText, options: PackOptions = {}): { text: string; shown: number } {
  const moreLabel = options.moreLabel ?? ((count: number) => `…and ${count} more`);
  const total = Math.max(options.total ?? lines.length, lines.length);
  const candidates = lines.slice(0, options.maxLines ?? lines.length);
  const out: string[] = [];
  let length = 0;
  for (const line of candidates) {
    const remainingAfter = total - out.length - 1;
    const reserve = remainingAfter > 0 ? moreLabel(remainingAfter).length + 1 : 0;
    const next = length + (out.length ? 1 : 0) + line.length;
    if (next + reserve > max) {
      if (out.length === 0) {
        // Even the first line is too long: it is shown cut rather than not at all.
        const label = remainingAfter > 0 ? moreLabel(remainingAfter) : '';
        const room = max - (label ? label.length + 1 : 0);
        return { text: label ? `${truncateMrkdwn(line, room)}\n${label}` : truncateMrkdwn(line, room), shown: 1 };
      }
      break;
    }
    out.push(line);
    length = next;
  }
  const hidden = total - out.length;
  return { text: hidden > 0 ? [...out, moreLabel(hidden)].join('\n') : out.join('\n'), shown: out.length };
}

/** Cuts a list to `max` items, returning how many were left out. */
export function cutList<T>(items: readonly T[], max: number): { items: T[]; omitted: number } {
  if (items.length <= max) return { items: [...items], omitted: 0 };
  return { items: items.slice(0, max), omitted: items.length - max };
}
