import type { Assessment } from '../../health/types';
import type { Tenant } from '../../fivetran/types';
import { cellPart, context, finishAnswer, header, paginate, richCell, section, table } from './components';
import { staleBanner } from './connectionParts';
import { fivetranConnectionUrl } from '../vocabulary/fivetranUrl';
import { formatCount, plural } from '../vocabulary/counts';
import { monthLabel } from '../vocabulary/months';
import { packLines } from './limits';
import { escapeLine } from './mrkdwn';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

/** Rows of a page: a table with links stays within the message's size. */
export const MAR_PAGE_SIZE = 15;
const TOP_TENANTS = 10;

function share(part: number, total: number): string {
  return total > 0 ? `${((part / total) * 100).toFixed(1)}%` : '0%';
}

/** `/fivetran mar`: monthly active rows so far this month, by tenant and by connection, largest first. */
export function buildMarAnswer(assessment: Assessment, tenants: readonly Tenant[], options: AnswerOptions = {}): SlashAnswer {
  const total = assessment.connections.reduce((sum, c) => sum + (c.marThisMonth || 0), 0);
  const names = new Map(tenants.map((tenant) => [tenant.tenantId, tenant.tenantName]));
  const byTenant = new Map<string, number>();
  for (const c of assessment.connections) {
    const key = c.tenantId ?? '';
    byTenant.set(key, (byTenant.get(key) ?? 0) + (c.marThisMonth || 0));
  }
  const tenantRows = [...byTenant.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const tenantLines = tenantRows
    .slice(0, TOP_TENANTS)
    .map(([tenantId, rows]) => `${tenantId ? `*${escapeLine(names.get(tenantId) ?? tenantId, 60)}*` : '_no tenant_'} · ${formatCount(rows)} (${share(rows, total)})`);

  const connections = [...assessment.connections].sort((a, b) => (b.marThisMonth || 0) - (a.marThisMonth || 0) || a.connectionId.localeCompare(b.connectionId));
  const page = paginate(connections, options.page, MAR_PAGE_SIZE);

  const blocks: KnownBlock[] = [header(`MAR · ${monthLabel(assessment.observedAt)} so far`)];
  const banner = staleBanner(assessment);
  if (banner) blocks.push(banner);
  blocks.push(
    section(`*${formatCount(total)}* monthly active rows across ${plural(connections.length, 'connection')}`),
    section(`*By tenant*\n${packLines(tenantLines, 1500, { total: tenantRows.length }).text}`),
    section('*By connection*'),
    page.items.length
      ? table(
          [{ title: 'Connection', wrap: true }, { title: 'Tenant' }, { title: 'MAR', align: 'right' }, { title: 'Share', align: 'right' }],
          page.items.map((c) => [
            richCell(cellPart.link(fivetranConnectionUrl(c.connectionId), c.connectionName || c.connectionId)),
            c.tenantId ? (names.get(c.tenantId) ?? c.tenantId) : 'no tenant',
            formatCount(c.marThisMonth),
            share(c.marThisMonth || 0, total),
          ]),
        )
      : section('No connections.'),
    context('Incremental rows Fivetran counted this month (INCREMENTAL_MAR).'),
  );
  return finishAnswer({ text: `${formatCount(total)} monthly active rows this month`, blocks, ref: { command: 'mar', args: [] }, paging: page }, options);
}
