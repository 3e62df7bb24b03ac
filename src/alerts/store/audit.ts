import type { Bind } from '../../warehouse/types';
import type { AuditEntry } from '../types';
import { auditEntryOf } from './rows';
import type { StateTables } from './schema';
import { boundedLimit, chunks, type RunSql } from './sql';

/** Who did what to which alert, and when. */
export interface AuditTrail {
  audit(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first. */
  listAudit(filter?: { incidentId?: string; fingerprint?: string; limit?: number }): Promise<AuditEntry[]>;
}

export function auditTrail(run: RunSql, tables: StateTables): AuditTrail {
  return {
    async audit(entries) {
      for (const part of chunks(entries)) {
        await run(
          `INSERT INTO ${tables.audit} (acted_at, actor, action, incident_id, fingerprint, channel, detail) VALUES
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
        `SELECT acted_at, actor, action, incident_id, fingerprint, channel, detail FROM ${tables.audit}
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY acted_at DESC LIMIT ${limit}`,
        binds,
        'audit-read',
      );
      return rows.map(auditEntryOf);
    },
  };
}
