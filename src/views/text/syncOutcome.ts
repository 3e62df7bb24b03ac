import { FAILURE_STATUSES } from '../../fivetran/messageData';
import type { Paint } from './format';

export function paintStatus(status: string, paint: Paint): (text: string) => string {
  if (status === 'SUCCESSFUL') return paint.green;
  if (FAILURE_STATUSES.has(status)) return paint.red;
  return paint.dim;
}

/** One letter per sync for a compact history: S successful, F failure, R rescheduled, C canceled. */
export function statusLetter(status: string): string {
  if (status === 'SUCCESSFUL') return 'S';
  if (FAILURE_STATUSES.has(status)) return 'F';
  if (status === 'RESCHEDULED') return 'R';
  if (status === 'CANCELED' || status === 'CANCELLED') return 'C';
  return '?';
}

export const STATUS_LETTERS_LEGEND = 'S successful, F failed, R rescheduled, C canceled, ? other';
