import type { Incident } from '../../alerts/types';
import type { DashboardIncident } from '../../alerts/dashboardChanges';
import type { Tenant } from '../../fivetran/types';
import type { Assessment } from '../../health/types';
import { DEMO_NOTE } from '../demoNote';
import { formatCount, plural } from '../vocabulary/counts';
import { buildAlertMessage } from './alertMessage';
import { context, divider, header, section } from './components';
import { staleBanner } from './connectionParts';
import { buildTenantTable } from './dashboard';
import type { LiveButtons } from './liveActions';
import { slackDate } from './mrkdwn';
import type { KnownBlock } from './types';

/** Slack's limit for a Home tab. */
export const HOME_MAX_BLOCKS = 100;

/** What the App Home shows; read by the surface, rendered here. */
export interface HomeInput {
  assessment: Assessment;
  /** The incidents not yet resolved, as the alert state holds them, worst first. */
  incidents: readonly Incident[];
  /** The same incidents as the dashboard counts them, for the table by tenant. */
  dashboardIncidents: readonly DashboardIncident[];
  tenants: readonly Tenant[];
  marLastMonth: ReadonlyMap<string, number> | null;
  /** Sync now and Pause or Resume on each incident; null when Fivetran's API is not configured. */
  live: LiveButtons | null;
  /** Whether Fivetran's API is configured: the live line says so either way. */
  liveConfigured: boolean;
  /** The demo warehouse: said at the foot, as on every message. */
  demo?: boolean;
}

export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1 };

function liveLine(assessment: Assessment, configured: boolean): string {
  if (!configured) return "Live state: off (Fivetran's REST API is not configured); alerts follow the warehouse's loads.";
  const heard = assessment.connections
    .map((c) => c.live)
    .filter((live) => live !== undefined)
    .flatMap((live) => [live.apiAt, live.webhookAt])
    .filter((at): at is string => at !== null)
    .sort();
  const latest = heard.at(-1);
  if (!latest) return "Live state: on; nothing heard from Fivetran's API or webhooks yet.";
  const known = assessment.connections.filter((c) => c.live?.apiAt || c.live?.webhookAt).length;
  return `Live state: on; ${plural(known, 'connection')} reported by Fivetran, last heard ${slackDate(latest)}.`;
}

/**
 * The App Home: when the data was last loaded (stale said first), the incidents nobody has
 * resolved with the buttons of their alert messages, and the dashboard's table by tenant; within
 * Slack's 100 blocks, the incidents that do not fit are counted and pointed to `/fivetran alerts`.
 * The Home shows every tenant: it is the ops team's view.
 */
export function buildHomeView(input: HomeInput): HomeView {
  const { assessment } = input;
  const top: KnownBlock[] = [header('Fivetran Pulse')];
  const banner = staleBanner(assessment);
  if (banner) top.push(banner);
  else top.push(context(`Monitoring data last loaded ${slackDate(assessment.observedAt, 'datetime', 'never')}`));
  top.push(context(liveLine(assessment, input.liveConfigured)));

  const tenantTable = buildTenantTable(assessment, input.dashboardIncidents, input.tenants, input.marLastMonth);
  const bottom: KnownBlock[] = [divider(), section('*By tenant*')];
  bottom.push(tenantTable ? tenantTable.block : context('No connections yet.'));
  bottom.push(context(`Checked ${slackDate(assessment.evaluatedAt)}`, 'Everyone sees every tenant here: this is the ops view.'));
  if (input.demo) bottom.push(context(`:information_source: ${DEMO_NOTE}`));

  const open = [...input.incidents]
    .filter((incident) => incident.status !== 'resolved')
    .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 2) - (SEVERITY_RANK[b.severity] ?? 2) || a.openedAt.localeCompare(b.openedAt));
  const middle: KnownBlock[] = [divider(), section(open.length === 0 ? '*No open incidents.*' : `*Open incidents* (${formatCount(open.length)})`)];
  // Room for the "more" line is kept so the view never passes the limit.
  const room = HOME_MAX_BLOCKS - top.length - bottom.length - middle.length - 1;
  let used = 0;
  let shown = 0;
  for (const incident of open) {
    const blocks = buildAlertMessage(incident, null, input.live).blocks;
    const cost = blocks.length + (shown > 0 ? 1 : 0);
    if (used + cost > room) break;
    if (shown > 0) middle.push(divider());
    middle.push(...blocks);
    used += cost;
    shown += 1;
  }
  if (shown < open.length) middle.push(context(`…and ${formatCount(open.length - shown)} more: \`/fivetran alerts\``));
  return { type: 'home', blocks: [...top, ...middle, ...bottom] };
}
