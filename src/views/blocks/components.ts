import type { ActionsBlock, Button, ContextBlock, HeaderBlock, RichTextBlock, RichTextElement, SectionBlock, TableBlock } from '@slack/types';
import { ACTION_IDS, encodeCommandRef, type CommandRef } from './actionIds';
import { fitMessage, SLACK_LIMITS } from './limits';
import { dateFallback, dateFormat, truncatePlain, type DateStyle } from './mrkdwn';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncatePlain(text, SLACK_LIMITS.headerText), emoji: true } };
}

export function section(mrkdwn: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

export function fields(items: readonly string[]): SectionBlock {
  return { type: 'section', fields: items.map((text) => ({ type: 'mrkdwn' as const, text })) };
}

export function context(...items: string[]): ContextBlock {
  return { type: 'context', elements: items.filter((item) => item !== '').map((text) => ({ type: 'mrkdwn' as const, text })) };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

export interface TableColumn {
  /** The column's heading, plain text. */
  title: string;
  align?: 'left' | 'center' | 'right';
  /** Long values wrap instead of being cut off by Slack. */
  wrap?: boolean;
}

/** A table cell: plain text, or rich text (links, emoji, dates) made with {@link richCell}. */
export type TableCell = string | RichTextBlock;

/** A rich text cell of a table: its parts in one line. */
export function richCell(...parts: RichTextElement[]): RichTextBlock {
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: parts.length > 0 ? parts : [{ type: 'text', text: '—' }] }] };
}

/** The parts of a rich text cell; texts are shown as written, so data needs no escaping there. */
export const cellPart = {
  text: (text: string): RichTextElement => ({ type: 'text', text }),
  link: (url: string, text: string): RichTextElement => ({ type: 'link', url, text }),
  /** `:red_circle:` or `red_circle`. */
  emoji: (name: string): RichTextElement => ({ type: 'emoji', name: name.replace(/^:|:$/g, '') }),
  /** A date each reader sees in their own time zone, with its day; `whenMissing` when there is none. */
  date: (at: string | null | undefined, whenMissing = 'unknown', style: DateStyle = 'datetime'): RichTextElement => {
    const date = at ? new Date(at) : null;
    if (date === null || Number.isNaN(date.getTime())) return { type: 'text', text: whenMissing };
    return { type: 'date', timestamp: Math.floor(date.getTime() / 1000), format: dateFormat(style), fallback: dateFallback(date, style) };
  },
};

/**
 * A Slack `table` block: a heading row, then one row per item, each cell plain text (never empty:
 * Slack refuses an empty cell, so a dash stands for nothing) or rich text. fitMessage keeps it
 * within 100 rows and 20 cells and within the message's size; builders page longer lists themselves.
 */
export function table(columns: readonly TableColumn[], rows: ReadonlyArray<readonly TableCell[]>): TableBlock {
  const cell = (value: TableCell | undefined) => (typeof value === 'object' ? value : { type: 'raw_text' as const, text: (value ?? '').trim() === '' ? '—' : (value as string) });
  return {
    type: 'table',
    column_settings: columns.map((column) => ({ ...(column.align ? { align: column.align } : {}), ...(column.wrap ? { is_wrapped: true } : {}) })),
    rows: [columns.map((column) => cell(column.title)), ...rows.map((row) => columns.map((_, i) => cell(row[i])))],
  };
}

export function button(text: string, actionId: string, value: string, extra: Partial<Button> = {}): Button {
  return { type: 'button', text: { type: 'plain_text', text: truncatePlain(text, SLACK_LIMITS.buttonText), emoji: true }, action_id: actionId, value, ...extra };
}

export function actions(elements: ActionsBlock['elements'], blockId?: string): ActionsBlock {
  return blockId ? { type: 'actions', block_id: blockId, elements } : { type: 'actions', elements };
}

export interface Page<T> {
  items: T[];
  /** 1-based, clamped into range. */
  page: number;
  pages: number;
  total: number;
  /** Index of the page's first item in the whole list. */
  offset: number;
}

export function paginate<T>(items: readonly T[], page: number | undefined, pageSize: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const wanted = Number.isFinite(page) ? Math.floor(page as number) : 1;
  const current = Math.min(pages, Math.max(1, wanted));
  const offset = (current - 1) * pageSize;
  return { items: items.slice(offset, offset + pageSize), page: current, pages, total: items.length, offset };
}

export interface AnswerParts {
  text: string;
  blocks: KnownBlock[];
  /** The command that produced the answer, for paging and sharing. */
  ref: Omit<CommandRef, 'page'>;
  paging?: { page: number; pages: number };
  /** Buttons of the answer itself, shown before the paging and share buttons. */
  buttons?: Button[];
}

/**
 * Closes a command answer: "Page 2 of 5", previous/next, and on ephemeral answers a "Share in
 * channel" button; then Slack's limits. Answers are ephemeral unless said otherwise.
 */
export function finishAnswer(parts: AnswerParts, options: AnswerOptions = {}): SlashAnswer {
  const ephemeral = options.ephemeral !== false;
  const blocks = [...parts.blocks];
  const elements: Button[] = [...(parts.buttons ?? [])];
  const paging = parts.paging;
  if (paging && paging.pages > 1) {
    blocks.push(context(`Page ${paging.page} of ${paging.pages}`));
    if (paging.page > 1) {
      elements.push(button('◀ Previous', ACTION_IDS.previousPage, encodeCommandRef({ ...parts.ref, page: paging.page - 1 })));
    }
    if (paging.page < paging.pages) {
      elements.push(button('Next ▶', ACTION_IDS.nextPage, encodeCommandRef({ ...parts.ref, page: paging.page + 1 })));
    }
  }
  if (ephemeral) {
    elements.push(button('Share in channel', ACTION_IDS.shareInChannel, encodeCommandRef({ ...parts.ref, page: paging?.page ?? 1 })));
  }
  if (elements.length > 0) blocks.push(actions(elements));
  const fitted = fitMessage({ text: parts.text, blocks });
  return { ...fitted, response_type: ephemeral ? 'ephemeral' : 'in_channel' };
}
