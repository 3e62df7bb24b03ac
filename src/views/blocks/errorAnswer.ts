import { context, section } from './components';
import { fitMessage } from './limits';
import { escapeLine, escapeText } from './mrkdwn';
import type { KnownBlock, SlashAnswer } from './types';

export interface ErrorAnswerInput {
  /** What went wrong, in plain words (escaped here): "the warehouse did not answer in 30 s". */
  message: string;
  /** Close matches for what the user typed: shown as "Did you mean …". */
  suggestions?: readonly string[];
  /** One more line, e.g. how to see the list (escaped here). */
  hint?: string | null;
  /** A refusal (a rule said no) reads differently from a failure. */
  kind?: 'failure' | 'refusal' | 'not_found';
}

const EMOJI = { failure: ':warning:', refusal: ':no_entry:', not_found: ':mag:' } as const;

/**
 * Failures, refusals and unknown names, answered to the asker only: "the warehouse did not answer
 * in 30 s", "this channel only shows tenant acme", "no connection called x; did you mean y?".
 */
export function buildErrorAnswer(input: ErrorAnswerInput): SlashAnswer {
  const kind = input.kind ?? 'failure';
  const message = escapeText(input.message, 1500);
  const blocks: KnownBlock[] = [section(`${EMOJI[kind]} ${message}`)];
  const suggestions = (input.suggestions ?? []).slice(0, 5).map((suggestion) => `\`${escapeLine(suggestion, 80).replace(/`/g, 'ˋ')}\``);
  if (suggestions.length > 0) blocks.push(section(`Did you mean ${suggestions.join(', ')}?`));
  if (input.hint) blocks.push(context(escapeText(input.hint, 500)));
  const text = suggestions.length > 0 ? `${escapeLine(input.message, 400)} (did you mean ${suggestions.join(', ')}?)` : escapeLine(input.message, 400);
  return { ...fitMessage({ text, blocks }), response_type: 'ephemeral' };
}

/** Names close to what was typed: prefix and substring matches first, then small edit distances. */
