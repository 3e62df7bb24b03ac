import type { WebClient } from '@slack/web-api';
import { readDailyMar, readTimedSyncs, sumByDay } from '../fivetran/analysis/dailySeries';
import { dayRange } from '../fivetran/analysis/period';
import type { Tenant } from '../fivetran/types';
import { matchTenant } from '../health/matchTenant';
import type { ConnectionAssessment } from '../health/types';
import type { PulseServices } from '../jobs/services';
import type { Chart } from '../views/charts/chart';
import { marByDayChart } from '../views/charts/marByDay';
import { renderChartPng } from '../views/charts/renderChart';
import { syncDurationsChart } from '../views/charts/syncDurations';
import type { ChannelScope } from './channelScope';

/**
 * Charts in Slack: drawn on the server and uploaded with files.uploadV2 (scope files:write), since
 * an image block needs a public URL and Pulse may run behind a firewall. A private answer cannot
 * carry a file, so a chart goes where everyone sees it: with an answer shared in the channel, or
 * in the dashboard's thread.
 */

/** How far back a chart looks. */
export const CHART_DAYS = 30;
const DAY_MS = 86_400_000;

/** The period a chart covers: the last {@link CHART_DAYS} days up to now, whole UTC days for MAR. */
function chartPeriod(services: PulseServices) {
  const to = services.clock();
  const from = new Date(to.getTime() - (CHART_DAYS - 1) * DAY_MS);
  return { from: from.toISOString(), to: to.toISOString(), days: dayRange({ from: `${from.toISOString().slice(0, 10)}T00:00:00.000Z`, to: to.toISOString() }) };
}

/** MAR by day for one tenant (only its connections' rows) or, without one, the whole account. */
export async function marChart(services: PulseServices, tenant: Tenant | null): Promise<Chart> {
  const { monitor } = services;
  const { days } = chartPeriod(services);
  const read = await readDailyMar(monitor.warehouse, monitor.naming, days);
  if (!tenant) return marByDayChart({ subject: { kind: 'account' }, days: sumByDay(read), demo: monitor.demo });
  const tenants = await monitor.tenants();
  // A connection belongs to a tenant by its name, as everywhere: INCREMENTAL_MAR names it too.
  const wanted = tenant.tenantId.toLowerCase();
  const series = sumByDay(read, (name) => matchTenant(name, tenants)?.tenantId.toLowerCase() === wanted);
  return marByDayChart({ subject: { kind: 'tenant', tenantId: tenant.tenantId, name: tenant.tenantName }, days: series, demo: monitor.demo });
}

/** One connection's syncs of the last {@link CHART_DAYS} days, each as long as it ran. */
export async function syncsChart(services: PulseServices, connection: ConnectionAssessment): Promise<Chart> {
  const { monitor } = services;
  const period = chartPeriod(services);
  const syncs = await readTimedSyncs(monitor.warehouse, monitor.naming, connection.connectionId, period);
  return syncDurationsChart({
    connectionId: connection.connectionId,
    connectionName: connection.connectionName,
    syncs,
    firstDay: period.days.firstDay,
    lastDay: period.days.lastDay,
    demo: monitor.demo,
  });
}

export interface ChartPlace {
  channelId: string;
  /** A thread to post it in (the dashboard's), or the channel itself. */
  threadTs?: string;
  /** The words above the picture; the chart's title when absent. */
  comment?: string;
}

/** Draws the chart and uploads it into the channel or thread; Slack's refusals are thrown. */
export async function postChart(client: WebClient, chart: Chart, place: ChartPlace): Promise<void> {
  const png = await renderChartPng(chart.spec);
  const file = { file: png, filename: chart.filename, title: chart.title, alt_text: chart.altText, initial_comment: place.comment ?? chart.title };
  await (place.threadTs
    ? client.files.uploadV2({ ...file, channel_id: place.channelId, thread_ts: place.threadTs })
    : client.files.uploadV2({ ...file, channel_id: place.channelId }));
}

/** MAR by day as the channel may see it: its tenant's in a tenant's channel, the account's elsewhere. For the dashboard's thread too. */
export async function postMarChart(services: PulseServices, client: WebClient, scope: Exclude<ChannelScope, { kind: 'none' }>, place: ChartPlace): Promise<void> {
  await postChart(client, await marChart(services, scope.kind === 'tenant' ? scope.tenant : null), place);
}
