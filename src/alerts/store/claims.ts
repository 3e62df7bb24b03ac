import type { Row } from '../../warehouse/types';
import { req, str } from './rows';
import type { StateTables } from './schema';
import { boundRows, chunks, placeholders, type RunSql } from './sql';

/** A run's claim on posting one incident to one channel, taken before anything reaches Slack. */
export interface PostingClaim {
  incidentId: string;
  fingerprint: string;
  /** The channel as routed (a name or an id): the key postings are looked up by. */
  channel: string;
  groupId: string | null;
  claimToken: string;
}

export function postingKey(incidentId: string, channel: string): string {
  return `${incidentId}|${channel}`;
}

/** Where each incident was posted: claimed first, confirmed once Slack answers, reminded later. */
export interface Postings {
  /**
   * Claims postings before anything reaches Slack, so a crash or a concurrent run never posts twice.
   * Returns the `incidentId|channel` keys this call won. Unconfirmed claims listed in `replaces`
   * are dropped first.
   */
  claimPostings(claims: readonly PostingClaim[], replaces: readonly string[], now: Date): Promise<Set<string>>;
  /** Slack confirmed the post: its ts and the channel id Slack answered with. */
  recordPosted(claimToken: string, posted: { ts: string; channelId: string }, now: Date): Promise<void>;
  /** Gives a claim back after a failed post, so the next run tries again. */
  releaseClaim(claimToken: string): Promise<void>;
  markReminded(reminded: readonly { claimToken: string; incidentId: string }[], now: Date): Promise<void>;
}

const CLAIM_COLUMNS = [
  ['incident_id', 'VARCHAR'], ['fingerprint', 'VARCHAR'], ['channel', 'VARCHAR'], ['group_id', 'VARCHAR'],
  ['grouped', 'BOOLEAN'], ['claim_token', 'VARCHAR'], ['claimed_at', 'TIMESTAMP'],
] as const;

/**
 * Which claim holds each posting, from every claim row read back: a posted claim, or else the
 * smallest token. Two runs that both inserted before either read back agree on the same winner.
 */
function winningTokens(rows: readonly Row[]): Map<string, string> {
  const winner = new Map<string, { token: string; posted: boolean }>();
  for (const row of rows) {
    const key = postingKey(req(row, 'incident_id'), req(row, 'channel'));
    const candidate = { token: req(row, 'claim_token'), posted: str(row, 'ts') !== null };
    const best = winner.get(key);
    if (!best || (candidate.posted && !best.posted) || (candidate.posted === best.posted && candidate.token < best.token)) winner.set(key, candidate);
  }
  return new Map([...winner].map(([key, { token }]) => [key, token]));
}

export function postings(run: RunSql, tables: StateTables): Postings {
  const { incidents, messages } = tables;

  return {
    async claimPostings(claims, replaces, now) {
      for (const part of chunks(replaces)) {
        await run(`DELETE FROM ${messages} WHERE ts IS NULL AND claim_token IN (${placeholders(part.length)})`, part, 'claim');
      }
      const won = new Set<string>();
      for (const part of chunks(claims)) {
        await run(
          `INSERT INTO ${messages} (incident_id, fingerprint, channel, group_id, grouped, claim_token, claimed_at)
           SELECT s.incident_id, s.fingerprint, s.channel, s.group_id, s.grouped, s.claim_token, s.claimed_at
           FROM (${boundRows(CLAIM_COLUMNS, part.length)}) s
           WHERE NOT EXISTS (SELECT 1 FROM ${messages} x WHERE x.incident_id = s.incident_id AND x.channel = s.channel)
             AND EXISTS (SELECT 1 FROM ${incidents} i WHERE i.incident_id = s.incident_id AND i.status = 'open')`,
          part.flatMap((c) => [c.incidentId, c.fingerprint, c.channel, c.groupId, c.groupId !== null, c.claimToken, now.toISOString()]),
          'claim',
        );
        // Read back every claim on these postings. Should two runs both have inserted one, the
        // winner is decided the same way by both, and the loser drops its own row.
        const ids = [...new Set(part.map((c) => c.incidentId))];
        const rows = await run(
          `SELECT incident_id, channel, claim_token, ts FROM ${messages} WHERE incident_id IN (${placeholders(ids.length)})`,
          ids,
          'claim',
        );
        const winner = winningTokens(rows);
        const lost: PostingClaim[] = [];
        for (const claim of part) {
          const key = postingKey(claim.incidentId, claim.channel);
          if (winner.get(key) === claim.claimToken) won.add(key);
          else if (rows.some((row) => req(row, 'claim_token') === claim.claimToken && postingKey(req(row, 'incident_id'), req(row, 'channel')) === key)) lost.push(claim);
        }
        for (const claim of lost) {
          await run(
            `DELETE FROM ${messages} WHERE claim_token = ? AND incident_id = ? AND channel = ? AND ts IS NULL`,
            [claim.claimToken, claim.incidentId, claim.channel],
            'claim',
          );
        }
      }
      return won;
    },

    async recordPosted(claimToken, posted, now) {
      await run(
        `UPDATE ${messages} SET ts = ?, channel_id = ?, posted_at = ?::TIMESTAMP WHERE claim_token = ?`,
        [posted.ts, posted.channelId, now.toISOString(), claimToken],
        'posted',
      );
    },

    async releaseClaim(claimToken) {
      await run(`DELETE FROM ${messages} WHERE claim_token = ? AND ts IS NULL`, [claimToken], 'release');
    },

    async markReminded(reminded, now) {
      for (const part of chunks(reminded)) {
        await run(
          `UPDATE ${messages} SET reminded_at = ?::TIMESTAMP WHERE ${part.map(() => '(claim_token = ? AND incident_id = ?)').join(' OR ')}`,
          [now.toISOString(), ...part.flatMap((r) => [r.claimToken, r.incidentId])],
          'reminded',
        );
      }
      const ids = [...new Set(reminded.map((r) => r.incidentId))];
      for (const part of chunks(ids)) {
        await run(
          `UPDATE ${incidents} SET last_reminded_at = ?::TIMESTAMP WHERE incident_id IN (${placeholders(part.length)})`,
          [now.toISOString(), ...part],
          'reminded',
        );
      }
    },
  };
}
