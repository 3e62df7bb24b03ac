import { identifierWords } from '../../text/identifierWords';

/** How Fivetran's LOG levels read; the raw values stay in --json. */
const LEVEL_WORDS: Record<string, string> = { SEVERE: 'error', ERROR: 'error', WARNING: 'warning', INFO: 'info' };

/** "error" for SEVERE, "warning" for WARNING; a level Pulse does not know, as words. */
export function logLevelWords(event: string): string {
  return LEVEL_WORDS[event] ?? identifierWords(event);
}

/** Whether a LOG level is an error rather than a warning: how it is coloured and counted. */
export function isErrorLevel(event: string): boolean {
  return logLevelWords(event) === 'error';
}
