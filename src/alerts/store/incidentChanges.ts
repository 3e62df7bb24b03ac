import type { Bind } from '../../warehouse/types';
import type { Incident, SeenUpdate } from '../types';
import { headlineRule } from '../incidents';
import { INCIDENT_COLUMNS, req, rulesJson } from './rows';
import type { StateTables } from './schema';
import { ACTIVE, boundRows, chunks, placeholders, type RunSql } from './sql';

/** Writing incidents: what an alert run records, and what people do to them. */
export interface IncidentChanges {
  /** Inserts new incidents, skipping any fingerprint that already has an active incident. */
  insertIncidents(incidents: readonly Incident[]): Promise<void>;
  recordSeen(updates: readonly SeenUpdate[]): Promise<void>;
  expireSnoozes(expiries: readonly { incidentId: string; status: 'open' | 'acknowledged' }[], now: Date): Promise<void>;
  /** Marks incidents resolved; returns the ids that were active until now. */
  resolve(incidentIds: readonly string[], now: Date): Promise<string[]>;
  /**
   * Opens resolved incidents again (a re-fire within the quiet period), forgetting who acknowledged
   * or snoozed them, unless another incident of the same connection is active. Returns the ids reopened.
   */
  reopen(incidentIds: readonly string[], now: Date): Promise<string[]>;
  /** Closes active incidents merged into an older one of the same connection; returns the ids closed. */
  closeMerged(merges: readonly { incidentId: string; into: string }[], now: Date): Promise<string[]>;
  /** Acknowledges open or snoozed incidents; returns the ids this call acknowledged. */
  acknowledge(incidentIds: readonly string[], userId: string, now: Date): Promise<string[]>;
  /** Snoozes active incidents until `until`; returns the ids this call snoozed. */
  snooze(incidentIds: readonly string[], userId: string, until: Date): Promise<string[]>;
}

/** One conditional UPDATE: which rows may change, the change, and how this call's own change reads back. */
interface ConditionalUpdate {
  eligible: string;
  update: string;
  updateBinds: Bind[];
  mine: string;
  mineBinds: Bind[];
}

export function incidentChanges(run: RunSql, tables: StateTables): IncidentChanges {
  const { incidents } = tables;

  /**
   * A conditional UPDATE between two reads: which rows were eligible before, and which carry this
   * call's own values after. The engines report affected-row counts differently, so the outcome
   * is read, not counted; a concurrent click that got there first is not mistaken for this one.
   */
  async function updateAndReadBack(incidentIds: readonly string[], tag: string, statement: (ids: string[]) => ConditionalUpdate): Promise<string[]> {
    const changed: string[] = [];
    for (const part of chunks([...new Set(incidentIds)])) {
      const probe = statement(part);
      const before = await run(`SELECT incident_id FROM ${incidents} WHERE incident_id IN (${placeholders(part.length)}) AND ${probe.eligible}`, part, tag);
      const eligible = before.map((row) => req(row, 'incident_id'));
      if (eligible.length === 0) continue;
      const { update, updateBinds, mine, mineBinds } = statement(eligible);
      await run(update, updateBinds, tag);
      const after = await run(
        `SELECT incident_id FROM ${incidents} WHERE incident_id IN (${placeholders(eligible.length)}) AND ${mine}`,
        [...eligible, ...mineBinds],
        tag,
      );
      changed.push(...after.map((row) => req(row, 'incident_id')));
    }
    return changed;
  }

  return {
    async insertIncidents(rows) {
      const types: Array<readonly [string, string]> = INCIDENT_COLUMNS.map((column) => [
        column,
        column.endsWith('_at') || column === 'snoozed_until' ? 'TIMESTAMP' : 'VARCHAR',
      ]);
      for (const part of chunks(rows)) {
        const binds = part.flatMap((incident) => {
          const headline = headlineColumns(incident);
          return [
            incident.incidentId, incident.fingerprint, headline.rule, incident.connectionId, incident.connectionName,
            incident.tenantId, incident.severity, headline.summary, headline.since, headline.details,
            incident.status, incident.openedAt, incident.lastSeenAt, incident.resolvedAt, incident.ackedBy, incident.ackedAt,
            incident.snoozedUntil, incident.snoozedBy, incident.lastRemindedAt, rulesJson(incident.rules), incident.mergedInto,
          ];
        });
        await run(
          `INSERT INTO ${incidents} (${INCIDENT_COLUMNS.join(', ')})
           SELECT ${INCIDENT_COLUMNS.map((column) => `s.${column}`).join(', ')} FROM (${boundRows(types, part.length)}) s
           WHERE NOT EXISTS (SELECT 1 FROM ${incidents} x WHERE x.fingerprint = s.fingerprint AND x.status IN ${ACTIVE})`,
          binds,
          'open',
        );
      }
    },

    async recordSeen(updates) {
      const types = [
        ['incident_id', 'VARCHAR'], ['rule', 'VARCHAR'], ['severity', 'VARCHAR'], ['summary', 'VARCHAR'], ['since_at', 'TIMESTAMP'],
        ['details', 'VARCHAR'], ['rules', 'VARCHAR'], ['last_seen_at', 'TIMESTAMP'],
      ] as const;
      for (const part of chunks(updates)) {
        const binds = part.flatMap((u) => {
          const headline = headlineColumns(u);
          return [u.incidentId, headline.rule, u.severity, headline.summary, headline.since, headline.details, rulesJson(u.rules), u.lastSeenAt];
        });
        await run(
          `UPDATE ${incidents} AS t SET rule = s.rule, severity = s.severity, summary = s.summary, since_at = s.since_at,
             details = s.details, rules = s.rules, last_seen_at = s.last_seen_at
           FROM (${boundRows(types, part.length)}) s
           WHERE t.incident_id = s.incident_id AND t.status IN ${ACTIVE}`,
          binds,
          'seen',
        );
      }
    },

    async expireSnoozes(expiries, now) {
      const types = [['incident_id', 'VARCHAR'], ['status', 'VARCHAR']] as const;
      for (const part of chunks(expiries)) {
        await run(
          `UPDATE ${incidents} AS t SET status = s.status, snoozed_until = NULL, snoozed_by = NULL
           FROM (${boundRows(types, part.length)}) s
           WHERE t.incident_id = s.incident_id AND t.status = 'snoozed'
             AND (t.snoozed_until IS NULL OR t.snoozed_until <= ?::TIMESTAMP)`,
          [...part.flatMap((e) => [e.incidentId, e.status]), now.toISOString()],
          'snooze-expired',
        );
      }
    },

    async resolve(incidentIds, now) {
      const at = now.toISOString();
      return updateAndReadBack(incidentIds, 'resolve', (ids) => ({
        update: `UPDATE ${incidents} SET status = 'resolved', resolved_at = ?::TIMESTAMP, snoozed_until = NULL
                 WHERE incident_id IN (${placeholders(ids.length)}) AND status IN ${ACTIVE}`,
        updateBinds: [at, ...ids],
        eligible: `status IN ${ACTIVE}`,
        mine: "status = 'resolved' AND resolved_at = ?::TIMESTAMP",
        mineBinds: [at],
      }));
    },

    async reopen(incidentIds, now) {
      return updateAndReadBack(incidentIds, 'reopen', (ids) => ({
        update: `UPDATE ${incidents} AS t SET status = 'open', resolved_at = NULL, acked_by = NULL, acked_at = NULL, snoozed_until = NULL,
                   snoozed_by = NULL, last_seen_at = ?::TIMESTAMP
                 WHERE t.incident_id IN (${placeholders(ids.length)}) AND t.status = 'resolved' AND t.merged_into IS NULL
                   AND NOT EXISTS (SELECT 1 FROM ${incidents} x WHERE x.fingerprint = t.fingerprint AND x.status IN ${ACTIVE})`,
        updateBinds: [now.toISOString(), ...ids],
        eligible: "status = 'resolved' AND merged_into IS NULL",
        mine: "status = 'open' AND last_seen_at = ?::TIMESTAMP",
        mineBinds: [now.toISOString()],
      }));
    },

    async closeMerged(merges, now) {
      const at = now.toISOString();
      const closed: string[] = [];
      // Every bind is in the bound rows: engines differ in how they number placeholders in SET and FROM.
      const types = [['incident_id', 'VARCHAR'], ['merged_into', 'VARCHAR'], ['resolved_at', 'TIMESTAMP']] as const;
      for (const part of chunks(merges)) {
        const ids = part.map((m) => m.incidentId);
        const before = await run(`SELECT incident_id FROM ${incidents} WHERE incident_id IN (${placeholders(ids.length)}) AND status IN ${ACTIVE}`, ids, 'merge');
        const eligible = new Set(before.map((row) => req(row, 'incident_id')));
        const closing = part.filter((m) => eligible.has(m.incidentId));
        if (closing.length === 0) continue;
        await run(
          `UPDATE ${incidents} AS t SET status = 'resolved', resolved_at = s.resolved_at, snoozed_until = NULL, merged_into = s.merged_into
           FROM (${boundRows(types, closing.length)}) s
           WHERE t.incident_id = s.incident_id AND t.status IN ${ACTIVE}`,
          closing.flatMap((m) => [m.incidentId, m.into, at]),
          'merge',
        );
        const rows = await run(
          `SELECT incident_id FROM ${incidents} WHERE incident_id IN (${placeholders(closing.length)}) AND status = 'resolved' AND merged_into IS NOT NULL`,
          closing.map((m) => m.incidentId),
          'merge',
        );
        closed.push(...rows.map((row) => req(row, 'incident_id')));
      }
      return closed;
    },

    async acknowledge(incidentIds, userId, now) {
      const at = now.toISOString();
      return updateAndReadBack(incidentIds, 'acknowledge', (ids) => ({
        update: `UPDATE ${incidents} SET status = 'acknowledged', acked_by = ?, acked_at = ?::TIMESTAMP, snoozed_until = NULL, snoozed_by = NULL
                 WHERE incident_id IN (${placeholders(ids.length)}) AND status IN ('open', 'snoozed')`,
        updateBinds: [userId, at, ...ids],
        eligible: "status IN ('open', 'snoozed')",
        mine: "status = 'acknowledged' AND acked_by = ? AND acked_at = ?::TIMESTAMP",
        mineBinds: [userId, at],
      }));
    },

    async snooze(incidentIds, userId, until) {
      const at = until.toISOString();
      return updateAndReadBack(incidentIds, 'snooze', (ids) => ({
        update: `UPDATE ${incidents} SET status = 'snoozed', snoozed_until = ?::TIMESTAMP, snoozed_by = ?
                 WHERE incident_id IN (${placeholders(ids.length)}) AND status IN ${ACTIVE}`,
        updateBinds: [at, userId, ...ids],
        eligible: `status IN ${ACTIVE}`,
        mine: "status = 'snoozed' AND snoozed_by = ? AND snoozed_until = ?::TIMESTAMP",
        mineBinds: [userId, at],
      }));
    },
  };
}

/** The columns that repeat an incident's worst rule (its worst firing one while any fires), for people reading the table. */
function headlineColumns(incident: Pick<Incident, 'rules'>): { rule: string; summary: string; since: string | null; details: string } {
  const headline = headlineRule({ rules: incident.rules, status: 'open' });
  return { rule: headline?.rule ?? 'unknown', summary: headline?.summary ?? '', since: headline?.since ?? null, details: JSON.stringify(headline?.details ?? {}) };
}
