import type { Bind } from '../../warehouse/types';
import type { Incident } from '../types';
import { INCIDENT_COLUMNS, assembleIncidents } from './rows';
import type { StateTables } from './schema';
import { ACTIVE, boundedLimit, chunks, placeholders, type RunSql } from './sql';

/** Reading incidents, each with every message it was posted in. */
export interface IncidentReads {
  /**
   * One query: every non-resolved incident, those resolved since `resolvedSince`, and every member
   * of a grouped message that still holds an active incident (so it can be re-rendered whole).
   */
  loadForRun(resolvedSince: Date): Promise<Incident[]>;
  getIncidents(incidentIds: readonly string[]): Promise<Incident[]>;
  /**
   * These incidents and every other member of the grouped messages they were posted in: all that
   * their messages show. One query (per 200 ids).
   */
  getShownWith(incidentIds: readonly string[]): Promise<Incident[]>;
  /** Every incident posted inside a grouped message. */
  getGroupMembers(groupId: string): Promise<Incident[]>;
  /** The incidents a posted Slack message shows (channel is the id Slack answers with). */
  findByMessage(channelId: string, ts: string): Promise<Incident[]>;
  /** Newest first: active incidents, then the most recently resolved. */
  listRecent(limit: number): Promise<Incident[]>;
  /** Every incident not resolved (open, acknowledged, snoozed), with where it was posted. */
  listActive(): Promise<Incident[]>;
}

export function incidentReads(run: RunSql, tables: StateTables): IncidentReads {
  const { incidents, messages } = tables;

  const SELECT_INCIDENTS = `
    SELECT ${INCIDENT_COLUMNS.map((column) => `i.${column}`).join(', ')},
           m.channel AS m_channel, m.channel_id AS m_channel_id, m.ts AS m_ts, m.group_id AS m_group_id,
           m.claim_token AS m_claim_token, m.claimed_at AS m_claimed_at, m.posted_at AS m_posted_at,
           m.reminded_at AS m_reminded_at
    FROM ${incidents} i
    LEFT JOIN ${messages} m ON m.incident_id = i.incident_id`;

  async function selectIncidents(where: string, binds: readonly Bind[], tag: string, orderBy = 'i.opened_at, i.incident_id'): Promise<Incident[]> {
    const rows = await run(`${SELECT_INCIDENTS} WHERE ${where} ORDER BY ${orderBy}, m.claimed_at, m.channel`, binds, tag);
    return assembleIncidents(rows);
  }

  return {
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

    async getIncidents(incidentIds) {
      const out: Incident[] = [];
      for (const part of chunks([...new Set(incidentIds)])) {
        out.push(...(await selectIncidents(`i.incident_id IN (${placeholders(part.length)})`, part, 'get')));
      }
      return out;
    },

    async getShownWith(incidentIds) {
      const byId = new Map<string, Incident>();
      for (const part of chunks([...new Set(incidentIds)])) {
        const ids = placeholders(part.length);
        const found = await selectIncidents(
          `i.incident_id IN (${ids})
           OR i.incident_id IN (
             SELECT m2.incident_id FROM ${messages} m1 JOIN ${messages} m2 ON m2.group_id = m1.group_id
             WHERE m1.incident_id IN (${ids}))`,
          [...part, ...part],
          'shown',
        );
        for (const incident of found) byId.set(incident.incidentId, incident);
      }
      return [...byId.values()];
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

    listRecent(limit) {
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
  };
}
