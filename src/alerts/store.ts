import type { AlertRule, Severity } from '../health/types';
import { informationSchemaRead } from '../warehouse/informationSchema';
import type { Bind, Row, Warehouse } from '../warehouse/types';
import type { AuditAction, AuditEntry, Incident, IncidentMessage, IncidentStatus, SeenUpdate } from './types';

/**
 * Alert state and its audit trail, in tables next to the monitored data. Every statement is in the
 * SQL subset Snowflake and DuckDB share; timestamps are bound as ISO strings and cast in SQL.
 * Writes that concern several rows go in one statement per chunk, never one per alert.
 */
export interface AlertStore {
  /** Creates the schema and tables when missing. Safe to call at every start. */
  init(): Promise<void>;
  /**
   * One query: every non-resolved incident, those resolved since `resolvedSince`, and every member
   * of a grouped message that still holds an active incident (so it can be re-rendered whole).
   */
  loadForRun(resolvedSince: Date): Promise<Incident[]>;
  getIncidents(incidentIds: readonly string[]): Promise<Incident[]>;
  /** Every incident posted inside a grouped message. */
  getGroupMembers(groupId: string): Promise<Incident[]>;
  /** The incidents a posted Slack message shows (channel is the id Slack answers with). */
  findByMessage(channelId: string, ts: string): Promise<Incident[]>;
  /** Newest first: active incidents, then the most recently resolved. */
  listRecent(limit: number): Promise<Incident[]>;
  /** Every incident not resolved (open, acknowledged, snoozed), with where it was posted. */
  listActive(): Promise<Incident[]>;

  /** Inserts new incidents, skipping any fingerprint that already has an active incident. */
  insertIncidents(incidents: readonly Incident[]): Promise<void>;
  recordSeen(updates: readonly SeenUpdate[]): Promise<void>;
  expireSnoozes(expiries: readonly { incidentId: string; status: 'open' | 'acknowledged' }[], now: Date): Promise<void>;
  /** Marks incidents resolved; returns the ids that were active until now. */
  resolve(incidentIds: readonly string[], now: Date): Promise<string[]>;
  /** Acknowledges open or snoozed incidents; returns the ids this call acknowledged. */
  acknowledge(incidentIds: readonly string[], userId: string, now: Date): Promise<string[]>;
  /** Snoozes active incidents until `until`; returns the ids this call snoozed. */
  snooze(incidentIds: readonly string[], userId: string, until: Date): Promise<string[]>;

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

  audit(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first. */
  listAudit(filter?: { incidentId?: string; fingerprint?: string; limit?: number }): Promise<AuditEntry[]>;

  getMonitorState(key: string): Promise<string | null>;
  setMonitorState(key: string, value: string | null, now: Date): Promise<void>;

  /**
   * Runs `work` while no other work for the same warehouse and schema runs in this process, so
   * two alert runs never interleave (the scheduler runs on one replica only).
   */
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** One queue per warehouse object and schema, shared by every store made for them. */
const exclusiveQueues = new WeakMap<Warehouse, Map<string, Promise<unknown>>>();

function runExclusively<T>(warehouse: Warehouse, schema: string, work: () => Promise<T>): Promise<T> {
  const queues = exclusiveQueues.get(warehouse) ?? new Map<string, Promise<unknown>>();
  exclusiveQueues.set(warehouse, queues);
  const key = schema.toLowerCase();
  const previous = queues.get(key) ?? Promise.resolve();
  const result = previous.then(work, work);
  const settled = result.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return result;
}


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

/** Rows per statement: keeps bind counts well inside what either engine accepts. */
const CHUNK = 200;
const QUALIFIED_SCHEMA = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;
const ACTIVE = "('open', 'acknowledged', 'snoozed')";

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A LIMIT that is interpolated into SQL: always a whole number in range. */
function boundedLimit(value: number | undefined, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.max(1, Math.min(max, Math.floor(value as number))) : fallback;
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Pulse's own tables in PULSE_STATE_SCHEMA, created when missing. */
const TABLE_DEFINITIONS: Record<string, string> = {
  alert_incidents: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, rule VARCHAR NOT NULL, connection_id VARCHAR,
    connection_name VARCHAR, tenant_id VARCHAR, severity VARCHAR NOT NULL, summary VARCHAR NOT NULL, since_at TIMESTAMP,
    details VARCHAR, status VARCHAR NOT NULL, opened_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP, acked_by VARCHAR, acked_at TIMESTAMP, snoozed_until TIMESTAMP, snoozed_by VARCHAR,
    last_reminded_at TIMESTAMP`,
  alert_messages: `incident_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, channel VARCHAR NOT NULL, channel_id VARCHAR,
    ts VARCHAR, group_id VARCHAR, grouped BOOLEAN NOT NULL, claim_token VARCHAR NOT NULL, claimed_at TIMESTAMP NOT NULL,
    posted_at TIMESTAMP, reminded_at TIMESTAMP`,
  alert_audit: `acted_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL, incident_id VARCHAR,
    fingerprint VARCHAR, channel VARCHAR, detail VARCHAR`,
  monitor_state: 'state_key VARCHAR NOT NULL, state_value VARCHAR, updated_at TIMESTAMP NOT NULL',
};

/** The names of Pulse's own tables (the demo's reset drops them; init() creates them again). */
export const STATE_TABLES: readonly string[] = Object.keys(TABLE_DEFINITIONS);

/** A derived table of bound rows, typed by its first row: `SELECT CAST(? AS T) AS c … UNION ALL …`. */
function boundRows(columns: ReadonlyArray<readonly [name: string, type: string]>, rowCount: number): string {
  const first = `SELECT ${columns.map(([name, type]) => `CAST(? AS ${type}) AS ${name}`).join(', ')}`;
  const rest = `SELECT ${columns.map(([, type]) => `CAST(? AS ${type})`).join(', ')}`;
  return [first, ...Array.from({ length: rowCount - 1 }, () => rest)].join(' UNION ALL ');
}

function str(row: Row, key: string): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  return String(value);
}

function req(row: Row, key: string): string {
  return str(row, key) ?? '';
}

function parseDetails(text: string | null): Record<string, string | number | null> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string | number | null> = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      out[key] = typeof value === 'number' || typeof value === 'string' || value === null ? value : JSON.stringify(value);
    }
    return out;
  } catch {
    return {};
  }
}

const INCIDENT_COLUMNS = [
  'incident_id', 'fingerprint', 'rule', 'connection_id', 'connection_name', 'tenant_id', 'severity', 'summary', 'since_at',
  'details', 'status', 'opened_at', 'last_seen_at', 'resolved_at', 'acked_by', 'acked_at', 'snoozed_until', 'snoozed_by',
  'last_reminded_at',
] as const;

export function createAlertStore(warehouse: Warehouse, stateSchema: string): AlertStore {
  if (!QUALIFIED_SCHEMA.test(stateSchema)) throw new Error(`the alert state schema "${stateSchema}" is not a plain schema name`);
  const incidents = `${stateSchema}.alert_incidents`;
  const messages = `${stateSchema}.alert_messages`;
  const auditTable = `${stateSchema}.alert_audit`;
  const monitorState = `${stateSchema}.monitor_state`;

  const run = (sql: string, binds: readonly Bind[], tag: string) => warehouse.query(sql, binds, { tag: `pulse:alerts:${tag}` });

  const SELECT_INCIDENTS = `
    SELECT ${INCIDENT_COLUMNS.map((column) => `i.${column}`).join(', ')},
           m.channel AS m_channel, m.channel_id AS m_channel_id, m.ts AS m_ts, m.group_id AS m_group_id,
           m.claim_token AS m_claim_token, m.claimed_at AS m_claimed_at, m.posted_at AS m_posted_at,
           m.reminded_at AS m_reminded_at
    FROM ${incidents} i
    LEFT JOIN ${messages} m ON m.incident_id = i.incident_id`;

  async function selectIncidents(where: string, binds: readonly Bind[], tag: string, orderBy = 'i.opened_at, i.incident_id'): Promise<Incident[]> {
    const rows = await run(`${SELECT_INCIDENTS} WHERE ${where} ORDER BY ${orderBy}, m.claimed_at, m.channel`, binds, tag);
    return assemble(rows);
  }

  async function incidentsByIds(ids: readonly string[], tag: string): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const part of chunks([...new Set(ids)])) {
      out.push(...(await selectIncidents(`i.incident_id IN (${placeholders(part.length)})`, part, tag)));
    }
    return out;
  }

  return {
    async init() {
      // DDL only for what is missing: a schema an admin made, with its tables, then needs no CREATE grant at all.
      const info = informationSchemaRead(warehouse.engine, stateSchema, 'TABLES');
      const rows = await run(`SELECT LOWER(table_name) AS table_name FROM ${info.source} WHERE ${info.where}`, info.binds, 'init');
      const existing = new Set(rows.map((row) => String(row.table_name)));
      const missing = Object.entries(TABLE_DEFINITIONS).filter(([name]) => !existing.has(name));
      if (missing.length === 0) return;
      if (existing.size === 0) {
        // An empty schema an admin made for Pulse may not grant CREATE SCHEMA; creating the tables then says whether it exists.
        await run(`CREATE SCHEMA IF NOT EXISTS ${stateSchema}`, [], 'init').catch(() => undefined);
      }
      for (const [name, columns] of missing) await run(`CREATE TABLE IF NOT EXISTS ${stateSchema}.${name} (${columns})`, [], 'init');
    },

    loadForRun(resolvedSince) {
      return selectIncidents(
        `i.incident_id IN (
          SELECT incident_id FROM ${incidents} WHERE status IN ${ACTIVE} OR resolved_at >= ?::TIMESTAMP
          UNION
          SELECT m2.incident_id FROM ${messages} m1
            JOIN ${incidents} a ON a.incident_id = m1.incident_id
            JOIN ${messages} m2 ON m2.group_id = m1.group_id
          WHERE m1.group_id IS NOT NULL AND a.status IN ${ACTIVE})`,
        [resolvedSince.toISOString()],
        'load',
      );
    },

    getIncidents(incidentIds) {
      return incidentsByIds(incidentIds, 'get');
    },

    getGroupMembers(groupId) {
      return selectIncidents(`i.incident_id IN (SELECT incident_id FROM ${messages} WHERE group_id = ?)`, [groupId], 'group');
    },

    findByMessage(channelId, ts) {
      return selectIncidents(
        `i.incident_id IN (SELECT incident_id FROM ${messages} WHERE ts = ? AND (channel_id = ? OR channel = ?))`,
        [ts, channelId, channelId],
        'by-message',
      );
    },

    async listRecent(limit) {
      const safeLimit = boundedLimit(limit, 1000, 50);
      return selectIncidents(
        `i.incident_id IN (
          SELECT incident_id FROM ${incidents}
          QUALIFY ROW_NUMBER() OVER (ORDER BY CASE WHEN status IN ${ACTIVE} THEN 0 ELSE 1 END, COALESCE(resolved_at, opened_at) DESC, incident_id) <= ${safeLimit})`,
        [],
        'recent',
        `CASE WHEN i.status IN ${ACTIVE} THEN 0 ELSE 1 END, COALESCE(i.resolved_at, i.opened_at) DESC, i.incident_id`,
      );
    },

    listActive() {
      return selectIncidents(`i.status IN ${ACTIVE}`, [], 'active');
    },

    async insertIncidents(rows) {
      const types: Array<readonly [string, string]> = INCIDENT_COLUMNS.map((column) => [
        column,
        column.endsWith('_at') || column === 'snoozed_until' ? 'TIMESTAMP' : 'VARCHAR',
      ]);
      for (const part of chunks(rows)) {
        const binds = part.flatMap((incident) => [
          incident.incidentId, incident.fingerprint, incident.rule, incident.connectionId, incident.connectionName,
          incident.tenantId, incident.severity, incident.summary, incident.since, JSON.stringify(incident.details),
          incident.status, incident.openedAt, incident.lastSeenAt, incident.resolvedAt, incident.ackedBy, incident.ackedAt,
          incident.snoozedUntil, incident.snoozedBy, incident.lastRemindedAt,
        ]);
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
      const types = [['incident_id', 'VARCHAR'], ['severity', 'VARCHAR'], ['summary', 'VARCHAR'], ['since_at', 'TIMESTAMP'], ['details', 'VARCHAR'], ['last_seen_at', 'TIMESTAMP']] as const;
      for (const part of chunks(updates)) {
        const binds = part.flatMap((u) => [u.incidentId, u.severity, u.summary, u.since, JSON.stringify(u.details), u.lastSeenAt]);
        await run(
          `UPDATE ${incidents} AS t SET severity = s.severity, summary = s.summary, since_at = s.since_at, details = s.details,
             last_seen_at = s.last_seen_at
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

    async claimPostings(claims, replaces, now) {
      for (const part of chunks(replaces)) {
        await run(`DELETE FROM ${messages} WHERE ts IS NULL AND claim_token IN (${placeholders(part.length)})`, part, 'claim');
      }
      const types = [
        ['incident_id', 'VARCHAR'], ['fingerprint', 'VARCHAR'], ['channel', 'VARCHAR'], ['group_id', 'VARCHAR'],
        ['grouped', 'BOOLEAN'], ['claim_token', 'VARCHAR'], ['claimed_at', 'TIMESTAMP'],
      ] as const;
      const won = new Set<string>();
      for (const part of chunks(claims)) {
        await run(
          `INSERT INTO ${messages} (incident_id, fingerprint, channel, group_id, grouped, claim_token, claimed_at)
           SELECT s.incident_id, s.fingerprint, s.channel, s.group_id, s.grouped, s.claim_token, s.claimed_at
           FROM (${boundRows(types, part.length)}) s
           WHERE NOT EXISTS (SELECT 1 FROM ${messages} x WHERE x.incident_id = s.incident_id AND x.channel = s.channel)
             AND EXISTS (SELECT 1 FROM ${incidents} i WHERE i.incident_id = s.incident_id AND i.status = 'open')`,
          part.flatMap((c) => [c.incidentId, c.fingerprint, c.channel, c.groupId, c.groupId !== null, c.claimToken, now.toISOString()]),
          'claim',
        );
        // Read back every claim on these postings. Should two runs both have inserted one, the
        // posted claim, or else the smallest token, wins; the loser drops its own row.
        const ids = [...new Set(part.map((c) => c.incidentId))];
        const rows = await run(
          `SELECT incident_id, channel, claim_token, ts FROM ${messages} WHERE incident_id IN (${placeholders(ids.length)})`,
          ids,
          'claim',
        );
        const winner = new Map<string, { token: string; posted: boolean }>();
        for (const row of rows) {
          const key = postingKey(req(row, 'incident_id'), req(row, 'channel'));
          const candidate = { token: req(row, 'claim_token'), posted: str(row, 'ts') !== null };
          const best = winner.get(key);
          if (!best || (candidate.posted && !best.posted) || (candidate.posted === best.posted && candidate.token < best.token)) winner.set(key, candidate);
        }
        const lost: PostingClaim[] = [];
        for (const claim of part) {
          const key = postingKey(claim.incidentId, claim.channel);
          if (winner.get(key)?.token === claim.claimToken) won.add(key);
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

    async audit(entries) {
      for (const part of chunks(entries)) {
        await run(
          `INSERT INTO ${auditTable} (acted_at, actor, action, incident_id, fingerprint, channel, detail) VALUES
           ${part.map(() => '(?::TIMESTAMP, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          part.flatMap((e) => [e.at, e.actor, e.action, e.incidentId, e.fingerprint, e.channel, e.detail]),
          'audit',
        );
      }
    },

    async listAudit(filter = {}) {
      const where: string[] = [];
      const binds: Bind[] = [];
      if (filter.incidentId !== undefined) {
        where.push('incident_id = ?');
        binds.push(filter.incidentId);
      }
      if (filter.fingerprint !== undefined) {
        where.push('fingerprint = ?');
        binds.push(filter.fingerprint);
      }
      const limit = boundedLimit(filter.limit, 10_000, 200);
      const rows = await run(
        `SELECT acted_at, actor, action, incident_id, fingerprint, channel, detail FROM ${auditTable}
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY acted_at DESC LIMIT ${limit}`,
        binds,
        'audit-read',
      );
      return rows.map((row) => ({
        at: req(row, 'acted_at'),
        actor: req(row, 'actor'),
        action: req(row, 'action') as AuditAction,
        incidentId: str(row, 'incident_id'),
        fingerprint: str(row, 'fingerprint'),
        channel: str(row, 'channel'),
        detail: str(row, 'detail'),
      }));
    },

    async getMonitorState(key) {
      const rows = await run(`SELECT state_value FROM ${monitorState} WHERE state_key = ?`, [key], 'state');
      return rows.length ? str(rows[0] as Row, 'state_value') : null;
    },

    async setMonitorState(key, value, now) {
      await run(
        `MERGE INTO ${monitorState} t
         USING (SELECT CAST(? AS VARCHAR) AS state_key, CAST(? AS VARCHAR) AS state_value, CAST(? AS TIMESTAMP) AS updated_at) s
         ON t.state_key = s.state_key
         WHEN MATCHED THEN UPDATE SET state_value = s.state_value, updated_at = s.updated_at
         WHEN NOT MATCHED THEN INSERT (state_key, state_value, updated_at) VALUES (s.state_key, s.state_value, s.updated_at)`,
        [key, value, now.toISOString()],
        'state',
      );
    },

    runExclusive(work) {
      return runExclusively(warehouse, stateSchema, work);
    },
  };

  /**
   * A conditional UPDATE between two reads: which rows were eligible before, and which carry this
   * call's own values after. The engines report affected-row counts differently, so the outcome
   * is read, not counted; a concurrent click that got there first is not mistaken for this one.
   */
  async function updateAndReadBack(
    incidentIds: readonly string[],
    tag: string,
    statement: (ids: string[]) => { eligible: string; update: string; updateBinds: Bind[]; mine: string; mineBinds: Bind[] },
  ): Promise<string[]> {
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
}

/** Folds the incident × message join back into incidents, in row order. */
function assemble(rows: readonly Row[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const row of rows) {
    const incidentId = req(row, 'incident_id');
    let incident = byId.get(incidentId);
    if (!incident) {
      incident = {
        incidentId,
        fingerprint: req(row, 'fingerprint'),
        rule: req(row, 'rule') as AlertRule,
        connectionId: str(row, 'connection_id'),
        connectionName: str(row, 'connection_name'),
        tenantId: str(row, 'tenant_id'),
        severity: (req(row, 'severity') === 'critical' ? 'critical' : 'warning') as Severity,
        summary: req(row, 'summary'),
        since: str(row, 'since_at'),
        details: parseDetails(str(row, 'details')),
        status: req(row, 'status') as IncidentStatus,
        openedAt: req(row, 'opened_at'),
        lastSeenAt: req(row, 'last_seen_at'),
        resolvedAt: str(row, 'resolved_at'),
        ackedBy: str(row, 'acked_by'),
        ackedAt: str(row, 'acked_at'),
        snoozedUntil: str(row, 'snoozed_until'),
        snoozedBy: str(row, 'snoozed_by'),
        lastRemindedAt: str(row, 'last_reminded_at'),
        messages: [],
      };
      byId.set(incidentId, incident);
    }
    const channel = str(row, 'm_channel');
    if (channel !== null) {
      const message: IncidentMessage = {
        channel,
        channelId: str(row, 'm_channel_id'),
        ts: str(row, 'm_ts'),
        groupId: str(row, 'm_group_id'),
        claimToken: req(row, 'm_claim_token'),
        claimedAt: req(row, 'm_claimed_at'),
        postedAt: str(row, 'm_posted_at'),
        remindedAt: str(row, 'm_reminded_at'),
      };
      incident.messages.push(message);
    }
  }
  return [...byId.values()];
}
