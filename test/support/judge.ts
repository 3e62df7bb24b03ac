import { readSnapshot } from '../../src/fivetran/readSnapshot';
import { assess } from '../../src/health/assess';
import { EMPTY_RULES, type AlertRulesConfig } from '../../src/config/loadAlertRules';
import type { Alert, Assessment, ConnectionAssessment } from '../../src/health/types';
import type { Tenant } from '../../src/fivetran/types';
import { NOW, type PlatformData } from './platformData';

export interface Judged {
  assessment: Assessment;
  connection(id: string): ConnectionAssessment;
  alertsOf(id: string | null): Alert[];
  rulesOf(id: string | null): string[];
}

/** Writes the data to a real DuckDB, reads one snapshot and judges it. */
export async function judge(data: PlatformData, options: { now?: Date; rules?: AlertRulesConfig; tenants?: Tenant[] } = {}): Promise<Judged> {
  const warehouse = await data.open();
  try {
    const now = options.now ?? NOW;
    const snapshot = await readSnapshot(warehouse, data.schemaNaming, { at: now });
    const assessment = assess(snapshot, options.tenants ?? [], options.rules ?? EMPTY_RULES, now);
    const connection = (id: string) => {
      const found = assessment.connections.find((c) => c.connectionId === id);
      if (!found) throw new Error(`no connection ${id} in the assessment`);
      return found;
    };
    const alertsOf = (id: string | null) => assessment.alerts.filter((a) => a.connectionId === id);
    return { assessment, connection, alertsOf, rulesOf: (id) => alertsOf(id).map((a) => a.rule).sort() };
  } finally {
    await warehouse.close();
  }
}
