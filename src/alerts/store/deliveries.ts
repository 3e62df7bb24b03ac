import type { Row } from '../../warehouse/types';
import type { AlertNote } from '../messages';
import { req, str } from './rows';
import type { StateTables } from './schema';
import { boundRows, chunks, placeholders, type RunSql } from './sql';

/**
 * What the delivery queue holds: an edit of a posted message, a note or a reminder into its thread,
 * or the mark of a post Slack refused (the next alert run posts it; the mark only lets the count of
 * pending deliveries see it).
 */
export type DeliveryKind = 'edit' | 'note' | 'reminder' | 'post';

/** A Slack call for an alert that has not been confirmed yet, stored so any process can carry it out. */
export interface QueuedDelivery {
  deliveryId: string;
  kind: DeliveryKind;
  /** The channel as routed (a name or an id): a channel Slack limits holds back everything routed there. */
  channel: string;
  /** Where the call goes: the channel id Slack answered with when the message was posted. */
  slackChannel: string;
  /** The message edited, or the thread noted into; null for a post's mark. */
  ts: string | null;
  groupId: string | null;
  incidentIds: string[];
  /** What a note or reminder says, as it was written; edits show the incidents as they stand when sent. */
  note: AlertNote | null;
  createdAt: string;
  attempts: number;
  /** When to try again; null for a refused post's mark, which waits for the next alert run. */
  nextAttemptAt: string | null;
  /** The attempt in flight or last made, so two processes never send one note at once. */
  attemptToken: string | null;
  attemptedAt: string | null;
  /** Slack may have carried out the last attempt: a note is looked for in its thread before it is sent again. */
  unknown: boolean;
  lastError: string | null;
}

/** One delivery Slack has not confirmed: a queued call, or a post whose answer never came. */
export interface PendingDelivery {
  id: string;
  kind: DeliveryKind;
  channel: string;
  since: string;
}

export interface DeliveryQueue {
  /** Stores deliveries (one statement per chunk). */
  queueDeliveries(deliveries: readonly QueuedDelivery[]): Promise<void>;
  /** Every queued delivery, oldest first. */
  listQueuedDeliveries(): Promise<QueuedDelivery[]>;
  /**
   * Takes a queued delivery for one attempt, from the state it was read in: false when another
   * process got there first. Until it is completed or retried the attempt's outcome counts as unknown.
   */
  beginAttempt(delivery: QueuedDelivery, attemptToken: string, now: Date): Promise<boolean>;
  /** Delivered, found in Slack, or given up: the deliveries leave the queue. */
  completeDeliveries(deliveryIds: readonly string[]): Promise<void>;
  /** Not delivered yet: when to try again and what happened. */
  retryDelivery(deliveryId: string, retry: Pick<QueuedDelivery, 'attempts' | 'nextAttemptAt' | 'unknown' | 'lastError'>): Promise<void>;
  /** An alert run plans every missing post afresh: the marks of refused posts go. */
  dropPostMarks(): Promise<void>;
  /** Queued deliveries and posts whose answer never came, oldest first. */
  listPendingDeliveries(): Promise<PendingDelivery[]>;
}

const DELIVERY_COLUMNS = [
  ['delivery_id', 'VARCHAR'], ['kind', 'VARCHAR'], ['channel', 'VARCHAR'], ['slack_channel', 'VARCHAR'], ['ts', 'VARCHAR'],
  ['group_id', 'VARCHAR'], ['incident_ids', 'VARCHAR'], ['note', 'VARCHAR'], ['created_at', 'TIMESTAMP'], ['attempts', 'INTEGER'],
  ['next_attempt_at', 'TIMESTAMP'], ['attempt_token', 'VARCHAR'], ['attempted_at', 'TIMESTAMP'], ['outcome_unknown', 'BOOLEAN'],
  ['last_error', 'VARCHAR'],
] as const;

const COLUMN_NAMES = DELIVERY_COLUMNS.map(([name]) => name).join(', ');

function parseList(text: string | null): string[] {
  try {
    const parsed = JSON.parse(text ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}

function parseNote(text: string | null): AlertNote | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as AlertNote | null;
    return parsed && (parsed.kind === 'reminder' || parsed.kind === 'change') ? parsed : null;
  } catch {
    return null;
  }
}

function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}

function deliveryOf(row: Row): QueuedDelivery {
  return {
    deliveryId: req(row, 'delivery_id'),
    kind: req(row, 'kind') as DeliveryKind,
    channel: req(row, 'channel'),
    slackChannel: req(row, 'slack_channel'),
    ts: str(row, 'ts'),
    groupId: str(row, 'group_id'),
    incidentIds: parseList(str(row, 'incident_ids')),
    note: parseNote(str(row, 'note')),
    createdAt: req(row, 'created_at'),
    attempts: Number(row.attempts ?? 0),
    nextAttemptAt: str(row, 'next_attempt_at'),
    attemptToken: str(row, 'attempt_token'),
    attemptedAt: str(row, 'attempted_at'),
    unknown: flag(row.outcome_unknown),
    lastError: str(row, 'last_error'),
  };
}

export function deliveryQueue(run: RunSql, tables: StateTables): DeliveryQueue {
  const { deliveries, messages } = tables;

  return {
    async queueDeliveries(rows) {
      for (const part of chunks(rows)) {
        await run(
          `INSERT INTO ${deliveries} (${COLUMN_NAMES}) SELECT ${DELIVERY_COLUMNS.map(([name]) => `s.${name}`).join(', ')} FROM (${boundRows(DELIVERY_COLUMNS, part.length)}) s`,
          part.flatMap((d) => [
            d.deliveryId, d.kind, d.channel, d.slackChannel, d.ts, d.groupId, JSON.stringify(d.incidentIds), d.note ? JSON.stringify(d.note) : null,
            d.createdAt, d.attempts, d.nextAttemptAt, d.attemptToken, d.attemptedAt, d.unknown, d.lastError,
          ]),
          'queue',
        );
      }
    },

    async listQueuedDeliveries() {
      const rows = await run(`SELECT ${COLUMN_NAMES} FROM ${deliveries} ORDER BY created_at, delivery_id`, [], 'queue-read');
      return rows.map(deliveryOf);
    },

    async beginAttempt(delivery, attemptToken, now) {
      const same = delivery.attemptToken === null ? 'attempt_token IS NULL' : 'attempt_token = ?';
      await run(
        `UPDATE ${deliveries} SET attempt_token = ?, attempted_at = ?::TIMESTAMP, attempts = attempts + 1, outcome_unknown = TRUE
         WHERE delivery_id = ? AND ${same}`,
        [attemptToken, now.toISOString(), delivery.deliveryId, ...(delivery.attemptToken === null ? [] : [delivery.attemptToken])],
        'attempt',
      );
      const rows = await run(`SELECT attempt_token FROM ${deliveries} WHERE delivery_id = ?`, [delivery.deliveryId], 'attempt');
      return rows.length === 1 && str(rows[0] as Row, 'attempt_token') === attemptToken;
    },

    async completeDeliveries(ids) {
      for (const part of chunks(ids)) {
        await run(`DELETE FROM ${deliveries} WHERE delivery_id IN (${placeholders(part.length)})`, part, 'delivered');
      }
    },

    async retryDelivery(deliveryId, retry) {
      await run(
        `UPDATE ${deliveries} SET attempts = ?, next_attempt_at = ?::TIMESTAMP, outcome_unknown = ?, last_error = ? WHERE delivery_id = ?`,
        [retry.attempts, retry.nextAttemptAt, retry.unknown, retry.lastError, deliveryId],
        'retry',
      );
    },

    async dropPostMarks() {
      await run(`DELETE FROM ${deliveries} WHERE kind = 'post'`, [], 'queue');
    },

    async listPendingDeliveries() {
      const rows = await run(
        `SELECT id, kind, channel, since FROM (
           SELECT claim_token AS id, 'post' AS kind, MIN(channel) AS channel, MIN(claimed_at) AS since FROM ${messages} WHERE ts IS NULL GROUP BY claim_token
           UNION ALL
           SELECT delivery_id AS id, kind, channel, created_at AS since FROM ${deliveries}
         ) p ORDER BY since, id`,
        [],
        'pending',
      );
      return rows.map((row) => ({ id: req(row, 'id'), kind: req(row, 'kind') as DeliveryKind, channel: req(row, 'channel'), since: req(row, 'since') }));
    },
  };
}
