import { str } from './rows';
import type { StateTables } from './schema';
import type { RunSql } from './sql';

/** A small key/value store for what the monitor must remember between runs. */
export interface MonitorState {
  getMonitorState(key: string): Promise<string | null>;
  setMonitorState(key: string, value: string | null, now: Date): Promise<void>;
}

export function monitorState(run: RunSql, tables: StateTables): MonitorState {
  return {
    async getMonitorState(key) {
      const rows = await run(`SELECT state_value FROM ${tables.monitorState} WHERE state_key = ?`, [key], 'state');
      const [row] = rows;
      return row ? str(row, 'state_value') : null;
    },

    async setMonitorState(key, value, now) {
      await run(
        `MERGE INTO ${tables.monitorState} t
         USING (SELECT CAST(? AS VARCHAR) AS state_key, CAST(? AS VARCHAR) AS state_value, CAST(? AS TIMESTAMP) AS updated_at) s
         ON t.state_key = s.state_key
         WHEN MATCHED THEN UPDATE SET state_value = s.state_value, updated_at = s.updated_at
         WHEN NOT MATCHED THEN INSERT (state_key, state_value, updated_at) VALUES (s.state_key, s.state_value, s.updated_at)`,
        [key, value, now.toISOString()],
        'state',
      );
    },
  };
}
