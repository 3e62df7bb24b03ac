import type { Assessment, ConnectionAssessment } from '../../health/types';
import { formatCount, plural } from '../vocabulary/counts';
import { monthLabel } from '../vocabulary/months';
import { palette, renderTable, type Cell, type Paint, type TextOptions } from './format';
import { sparkline, SPARKLINE_MAX } from './sparkline';

/** MAR day by day, as {@link marByDaySeries} chose it, and whose it is. */
export interface MarByDay {
  /** "all tenants", "tenant acme". */
  subject: string;
  days: ReadonlyArray<{ day: string; rows: number }>;
}

/** The sparkline and its words: the range, the total and the busiest day. */
function byDaySection(byDay: MarByDay, paint: Paint, width: number | undefined): string {
  const { days } = byDay;
  const first = days[0]?.day;
  const last = days[days.length - 1]?.day;
  if (first === undefined || last === undefined) return `${paint.bold('MAR by day')}: no days to show.`;
  const total = days.reduce((sum, d) => sum + d.rows, 0);
  const busiest = days.reduce((best, d) => (d.rows > best.rows ? d : best));
  const line = sparkline(days.map((d) => d.rows), Math.min(SPARKLINE_MAX, (width ?? Infinity) - 2));
  const words = total === 0 ? 'no rows counted' : `${formatCount(total)} rows in ${plural(days.length, 'day')}; busiest ${busiest.day}, ${formatCount(busiest.rows)}`;
  return `${paint.bold('MAR by day')}, ${byDay.subject}, ${first} to ${last} (UTC days)\n  ${line}\n  ${words}`;
}
import { renderHeader } from './header';

const share = (part: number, total: number) => (total > 0 ? `${((part / total) * 100).toFixed(1)} %` : '—');

/** `mar`: monthly active rows this month, by tenant then connection, with totals; and MAR by day when read. */
export function renderMar(assessment: Assessment, options: TextOptions & { byDay?: MarByDay | null }): string {
  const paint = palette(options.color);
  const header = renderHeader(`Monthly active rows, ${monthLabel(assessment.evaluatedAt)} to date (UTC)`, assessment, options, paint);

  const total = assessment.connections.reduce((sum, c) => sum + c.marThisMonth, 0);
  const withMar = assessment.connections.filter((c) => c.marThisMonth > 0);
  const byDay = options.byDay ? `\n\n${byDaySection(options.byDay, paint, options.width)}` : '';
  if (withMar.length === 0) return `${header}\n\nNo MAR recorded this month${assessment.connections.length > 0 ? ` for any of the ${plural(assessment.connections.length, 'connection')}` : ''}.${byDay}\n`;

  const groups = new Map<string | null, ConnectionAssessment[]>();
  for (const c of withMar) groups.set(c.tenantId, [...(groups.get(c.tenantId) ?? []), c]);
  const sum = (list: readonly ConnectionAssessment[]) => list.reduce((s, c) => s + c.marThisMonth, 0);
  const ordered = [...groups.entries()].sort(
    ([a, la], [b, lb]) => Number(a === null) - Number(b === null) || sum(lb) - sum(la) || String(a).localeCompare(String(b)),
  );

  const rows: Cell[][] = [];
  for (const [tenantId, list] of ordered) {
    const tenantTotal = sum(list);
    rows.push([{ text: tenantId === null ? 'no tenant' : `tenant ${tenantId}`, paint: paint.bold }, '', { text: formatCount(tenantTotal), paint: paint.bold }, share(tenantTotal, total)]);
    for (const c of [...list].sort((a, b) => b.marThisMonth - a.marThisMonth || a.connectionName.localeCompare(b.connectionName))) {
      rows.push([`  ${c.connectionName}`, c.connectorType, formatCount(c.marThisMonth), share(c.marThisMonth, total)]);
    }
  }
  rows.push([{ text: 'TOTAL', paint: paint.bold }, '', { text: formatCount(total), paint: paint.bold }, total > 0 ? '100 %' : '—']);

  const table = renderTable(
    [{ header: 'TENANT / CONNECTION', max: 40, min: 16 }, { header: 'TYPE', max: 18, importance: 1 }, { header: 'MAR', align: 'right', importance: 3 }, { header: 'SHARE', align: 'right', importance: 2 }],
    rows,
    { paint, width: options.width },
  );
  const idle = assessment.connections.length - withMar.length;
  const note = idle > 0 ? `\n\n${plural(idle, 'connection')} with no MAR this month not shown.` : '';
  return `${header}\n\n${table}${note}${byDay}\n`;
}
