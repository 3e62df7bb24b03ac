import type { AlertRulesConfig } from '../../../src/config/loadAlertRules';
import type { Tenant } from '../../../src/fivetran/types';
import { judge, type Judged } from '../../support/judge';
import { PlatformData } from '../../support/platformData';

export const TENANTS: Tenant[] = [
  { tenantId: 'acme', tenantName: 'Acme Corp', alertChannel: '#acme-alerts' },
  { tenantId: 'globex', tenantName: 'Globex', alertChannel: null },
  { tenantId: 'umbrella', tenantName: 'Umbrella', alertChannel: null },
];

export const LONG_REASON = `java.lang.RuntimeException: FATAL: too many connections for role "fivetran" ${'while reading table public.orders '.repeat(8)}END_OF_REASON`;
export const LONG_ERROR = `password authentication failed for user "fivetran" ${'because the secret was rotated '.repeat(6)}END_OF_ERROR`;

/**
 * One connection in each state a report must order: broken (with a critical alert), late (a
 * warning alert), a first sync running, connected, paused; loaded `loadedAt` before NOW.
 */
export function mixedAccount(loadedAt = '-5m'): PlatformData {
  return new PlatformData()
    .platform(60)
    .history('platform_log', 3, 60, 2, loadedAt)
    .loadedAt(loadedAt)
    .connection({ id: 'pg_broken', name: 'acme_pg', type: 'postgres', frequency: 60 })
    .history('pg_broken', 3, 60, 10, '-70m')
    .sync('pg_broken', '-20m', '-10m', 'FAILURE_WITH_TASK', { reason: LONG_REASON, taskType: 'reconnect' })
    .error('pg_broken', '-12m', 'authentication_error', LONG_ERROR)
    .connection({ id: 'sf_late', name: 'globex_salesforce', type: 'salesforce', frequency: 60 })
    .sync('sf_late', '-310m', '-300m')
    .connection({ id: 'hub_new', name: 'acme_hubspot', type: 'hubspot', signedUp: '-2h' })
    .sync('hub_new', '-90m', null)
    .connection({ id: 'ads_paused', name: 'umbrella_ads', type: 'google_ads', paused: true })
    .connection({ id: 'pg_ok', name: 'globex_pg', type: 'postgres' })
    .history('pg_ok', 4, 60, 5)
    .event('pg_ok', '-2d', 'INFO', 'alter_table', { type: 'ADD_COLUMN', table: 'people', properties: { columnName: 'check_in', dataType: 'TIMESTAMP' } })
    .event('pg_ok', '-1d', 'INFO', 'create_table', { schema: 'globex_pg', name: 'invoices', columns: { id: 'INTEGER' } })
    .event('sf_late', '-3d', 'WARNING', 'warning', { type: 'table_excluded_by_system', message: 'salesforce.X has been Excluded by system. Reason : Not queryable' })
    .marRows('acme_pg', 'dest_main', '2026-06-10', 1_234_567)
    .marRows('acme_hubspot', 'dest_main', '2026-06-11', 1_000)
    .marRows('globex_pg', 'dest_main', '2026-06-12', 400_000)
    .marRows('globex_pg', 'dest_main', '2026-05-20', 999); // last month
}

export const judgeAccount = (data: PlatformData, rules?: AlertRulesConfig): Promise<Judged> => judge(data, { tenants: TENANTS, rules });

/** Every connection healthy and the data fresh. */
export const healthyAccount = () =>
  new PlatformData().platform(60).history('platform_log', 3, 60, 2, '-5m').loadedAt('-5m').connection({ id: 'pg_ok', name: 'globex_pg' }).history('pg_ok', 4, 60, 5);

/** Lines of a report, colour-free, for assertions on order. */
export const lineIndex = (report: string, text: string): number => report.split('\n').findIndex((line) => line.includes(text));
