import { bindNamed } from '../../warehouse/namedBinds';
import type { Warehouse } from '../../warehouse/types';
import type { SchemaNaming } from '../schemaNaming';
import { ERROR_ROW_LIMIT, errorRowsStatement, marStatement, syncDurationsStatement } from './analysisQueries';
import { assembleErrorTypes } from './errorTypes';
import { assembleMar } from './marAnalysis';
import { checkPeriod, dayRange, previousDayRange, previousPeriod } from './period';
import { readApiCalls } from './readApiCalls';
import { assembleSyncDurations } from './syncDurations';
import type { AnalysisRead } from './types';

export interface AnalysisOptions {
  from: Date;
  to: Date;
  /** Override of {@link ERROR_ROW_LIMIT}, for tests of the truncated case. */
  errorRowLimit?: number;
}

/**
 * A report over a period: MAR by connection with its trend, the top error types, sync
 * durations by connector type, and API calls and extract queries per day. Five statements,
 * whatever the number of connections, every LOG read bounded by the period.
 */
export async function readAnalysis(
  warehouse: Warehouse,
  naming: SchemaNaming,
  options: AnalysisOptions,
): Promise<AnalysisRead> {
  const period = checkPeriod(options);
  const days = dayRange(period);
  const previousDays = previousDayRange(days);
  const errorLimit = options.errorRowLimit ?? ERROR_ROW_LIMIT;

  const marSql = marStatement(naming);
  const mar = marSql === null ? null : bindNamed(marSql, { previousFirstDay: previousDays.firstDay, firstDay: days.firstDay, lastDay: days.lastDay });
  const errors = bindNamed(errorRowsStatement(naming, errorLimit), { ...period });
  const durations = bindNamed(syncDurationsStatement(naming), { ...period });

  const [marRows, errorRows, durationRows, apiCalls] = await Promise.all([
    mar === null ? Promise.resolve([]) : warehouse.query(mar.sql, mar.binds, { tag: 'analysis:mar' }),
    warehouse.query(errors.sql, errors.binds, { tag: 'analysis:errors' }),
    warehouse.query(durations.sql, durations.binds, { tag: 'analysis:sync-durations' }),
    readApiCalls(warehouse, naming, { from: options.from, to: options.to }),
  ]);

  return {
    period,
    previousPeriod: previousPeriod(period),
    mar: assembleMar(marRows, days, previousDays, mar !== null),
    errors: assembleErrorTypes(errorRows, errorLimit),
    syncDurations: assembleSyncDurations(durationRows),
    apiCalls,
  };
}
