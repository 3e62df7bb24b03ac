import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { SchemaNaming } from '../../src/fivetran/schemaNaming';
import { createDuckDbWarehouse } from '../../src/warehouse/duckdb';
import type { Warehouse } from '../../src/warehouse/types';

/**
 * Purpose-built Platform Connector data for judgment tests: a few connections and exactly the LOG
 * rows a case needs, in a real in-memory DuckDB, with times relative to a fixed instant.
 */
export const NOW = new Date('2026-06-15T12:00:00.000Z');

/** '-90m', '-2h', '-3d', '+5m' relative to NOW, or an ISO string. */
export function at(relative: string): string {
  const match = /^([+-])(\d+(?:\.\d+)?)(m|h|d)$/.exec(relative);
  if (!match) return new Date(relative).toISOString();
  const minutes = Number(match[2]) * { m: 1, h: 60, d: 1440 }[match[3] as 'm' | 'h' | 'd'];
  return new Date(NOW.getTime() + (match[1] === '-' ? -1 : 1) * minutes * 60000).toISOString();
}

export type Naming = 'current' | 'legacy' | 'mixed';

export interface ConnectionSpec {
  id: string;
  name?: string;
  type?: string;
  destination?: string;
  paused?: boolean;
  deleted?: boolean;
  signedUp?: string;
  frequency?: number | null;
}

interface LogRow {
  id: string;
  time_stamp: string;
  connection_id: string | null;
  event: string;
  message_event: string;
  message_data: string | null;
  sync_id: string | null;
  synced: string | null;
}

export class PlatformData {
  readonly connections: ConnectionSpec[] = [];
  readonly log: LogRow[] = [];
  readonly mar: Array<{ name: string; destination: string; date: string; rows: number }> = [];
  private loaded = at('-5m');
  private counter = 0;

  constructor(readonly naming: Naming = 'current') {}

  connection(spec: ConnectionSpec): this {
    this.connections.push(spec);
    return this;
  }

  /** The Platform connection's own row, which tells how often monitoring data should arrive. */
  platform(frequency: number | null = 60): this {
    return this.connection({ id: 'platform_log', name: 'fivetran_log', type: 'fivetran_log', frequency });
  }

  event(connectionId: string | null, time: string, event: string, messageEvent: string, data: unknown, syncId: string | null = null): this {
    this.counter += 1;
    this.log.push({
      id: `e${this.counter}`,
      time_stamp: at(time),
      connection_id: connectionId,
      event,
      message_event: messageEvent,
      message_data: data === null ? null : typeof data === 'string' ? data : JSON.stringify(data),
      sync_id: syncId,
      synced: null,
    });
    return this;
  }

  /** One sync: sync_start, and a sync_end with the status unless `end` is null (still running). */
  sync(connectionId: string, start: string, end: string | null, status = 'SUCCESSFUL', extra: Record<string, unknown> = {}): this {
    const syncId = randomUUID();
    this.event(connectionId, start, 'INFO', 'sync_start', null, syncId);
    if (end !== null) this.event(connectionId, end, 'INFO', 'sync_end', { status, ...extra }, syncId);
    return this;
  }

  /** Regular successful syncs, `count` of them, each `duration` minutes, every `every` minutes, the last ending at `lastEnd`. */
  history(connectionId: string, count: number, every: number, duration: number, lastEnd = '-10m'): this {
    const end = Date.parse(at(lastEnd));
    for (let i = count - 1; i >= 0; i -= 1) {
      const endAt = new Date(end - i * every * 60000).toISOString();
      const startAt = new Date(Date.parse(endAt) - duration * 60000).toISOString();
      this.sync(connectionId, startAt, endAt);
    }
    return this;
  }

  error(connectionId: string, time: string, type: string, message: string, syncId: string | null = null): this {
    return this.event(connectionId, time, 'SEVERE', 'error', { type, message }, syncId);
  }

  marRows(name: string, destination: string, date: string, rows: number): this {
    this.mar.push({ name, destination, date, rows });
    return this;
  }

  /** When the Platform connection last loaded: every LOG row's _fivetran_synced. */
  loadedAt(time: string): this {
    this.loaded = at(time);
    return this;
  }

  get schemaNaming(): SchemaNaming {
    const legacy = this.naming === 'legacy';
    return {
      schema: 'FIVETRAN_LOG',
      connectionTable: legacy ? 'CONNECTOR' : 'CONNECTION',
      connectionIdColumn: legacy ? 'connector_id' : 'connection_id',
      connectionNameColumn: legacy ? 'connector_name' : 'connection_name',
      connectorTypeColumn: legacy ? 'connector_type' : 'connector_type_id',
      logIdColumns: legacy ? ['connector_id'] : this.naming === 'mixed' ? ['connection_id', 'connector_id'] : ['connection_id'],
      marNameColumn: legacy ? 'connector_name' : 'connection_name',
      hasConnectorTypeTable: true,
      hasDestinationTable: true,
      hasDeletedColumn: true,
    };
  }

  async open(): Promise<Warehouse> {
    const warehouse = createDuckDbWarehouse({ path: ':memory:', queryTimeoutSeconds: 30, logger: pino({ level: 'silent' }) });
    await this.writeTo(warehouse);
    return warehouse;
  }

  async writeTo(warehouse: Warehouse): Promise<void> {
    const n = this.schemaNaming;
    const q = (sql: string, binds: Array<string | number | boolean | null> = []) => warehouse.query(sql, binds, { tag: 'test:fixture' });
    await q('CREATE SCHEMA IF NOT EXISTS FIVETRAN_LOG');
    await q(`CREATE TABLE FIVETRAN_LOG.${n.connectionTable} (${n.connectionIdColumn} VARCHAR, ${n.connectionNameColumn} VARCHAR, ${n.connectorTypeColumn} VARCHAR,
      destination_id VARCHAR, connecting_user_id VARCHAR, paused BOOLEAN, signed_up TIMESTAMP, sync_frequency INTEGER, deployment_type VARCHAR,
      _fivetran_deleted BOOLEAN, _fivetran_synced TIMESTAMP)`);
    const logIds = this.naming === 'legacy' ? 'connector_id VARCHAR' : 'connection_id VARCHAR, connector_id VARCHAR';
    await q(`CREATE TABLE FIVETRAN_LOG.LOG (id VARCHAR, time_stamp TIMESTAMP, ${logIds}, event VARCHAR, message_event VARCHAR,
      message_data VARCHAR, sync_id VARCHAR, transformation_id VARCHAR, _fivetran_synced TIMESTAMP)`);
    await q(`CREATE TABLE FIVETRAN_LOG.INCREMENTAL_MAR (measured_date DATE, ${n.marNameColumn} VARCHAR, destination_id VARCHAR, schema_name VARCHAR,
      table_name VARCHAR, free_type VARCHAR, sync_type VARCHAR, incremental_rows BIGINT, updated_at TIMESTAMP, _fivetran_synced TIMESTAMP)`);
    await q(`CREATE TABLE FIVETRAN_LOG.CONNECTOR_TYPE (id VARCHAR, official_connector_name VARCHAR, type VARCHAR, availability VARCHAR,
      created_at TIMESTAMP, deleted BOOLEAN, public_beta_at TIMESTAMP, release_at TIMESTAMP, _fivetran_synced TIMESTAMP)`);
    await q(`CREATE TABLE FIVETRAN_LOG.DESTINATION (id VARCHAR, account_id VARCHAR, name VARCHAR, region VARCHAR, destination_type VARCHAR,
      is_active BOOLEAN, created_at TIMESTAMP, deployment_type VARCHAR, _fivetran_synced TIMESTAMP)`);

    for (const c of this.connections) {
      await q(`INSERT INTO FIVETRAN_LOG.${n.connectionTable} VALUES (?, ?, ?, ?, 'u1', ?, ?::TIMESTAMP, ?, 'SaaS', ?, ?::TIMESTAMP)`, [
        c.id, c.name ?? c.id, c.type ?? 'postgres', c.destination ?? 'dest_main', c.paused ?? false, at(c.signedUp ?? '-20d'),
        c.frequency === undefined ? 60 : c.frequency, c.deleted ?? false, this.loaded,
      ]);
    }
    for (const type of new Set(this.connections.map((c) => c.type ?? 'postgres'))) {
      await q(`INSERT INTO FIVETRAN_LOG.CONNECTOR_TYPE (id, official_connector_name, type) VALUES (?, ?, 'database')`, [type, type.toUpperCase()]);
    }
    for (const destination of new Set(this.connections.map((c) => c.destination ?? 'dest_main'))) {
      await q(`INSERT INTO FIVETRAN_LOG.DESTINATION (id, account_id, name) VALUES (?, 'acct', ?)`, [destination, `Warehouse ${destination}`]);
    }
    for (const row of this.log) {
      const ids = this.naming === 'legacy' ? [row.connection_id] : this.naming === 'mixed' && Number(row.id.slice(1)) % 2 === 0 ? [null, row.connection_id] : [row.connection_id, null];
      const columns = this.naming === 'legacy' ? 'connector_id' : 'connection_id, connector_id';
      await q(`INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, ${columns}, event, message_event, message_data, sync_id, _fivetran_synced)
        VALUES (?, ?::TIMESTAMP, ${ids.map(() => '?').join(', ')}, ?, ?, ?, ?, ?::TIMESTAMP)`, [
        row.id, row.time_stamp, ...ids, row.event, row.message_event, row.message_data, row.sync_id, row.synced ?? this.loaded,
      ]);
    }
    for (const m of this.mar) {
      await q(`INSERT INTO FIVETRAN_LOG.INCREMENTAL_MAR (measured_date, ${n.marNameColumn}, destination_id, schema_name, table_name, free_type, incremental_rows)
        VALUES (?::DATE, ?, ?, 's', 't', 'PAID', ?)`, [m.date, m.name, m.destination, m.rows]);
    }
  }
}
