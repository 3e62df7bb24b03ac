import type { Incident } from '../../alerts/types';
import { incidentStateLine, incidentSubject } from './alertMessage';
import { finishAnswer, header, paginate, section } from './components';
import { listSections } from './connectionParts';
import { plural, problemOf, ruleLabel, severityLabel } from './format';
import { escapeLine, slackDate } from './mrkdwn';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

export const ALERTS_PAGE_SIZE = 10;

const STATUS_ORDER: Record<Incident['status'], number> = { open: 0, snoozed: 1, acknowledged: 2, resolved: 3 };

function alertLine(incident: Incident): string {
  const state = incidentStateLine(incident) || `:bell: Open since ${slackDate(incident.openedAt)}`;
  return `${severityLabel(incident.severity)} · *${ruleLabel(incident.rule)}* · ${incidentSubject(incident, 60)}\n${escapeLine(problemOf(incident), 200)}\n${state}`;
}

/** `/fivetran alerts`: open alerts first (unacknowledged, snoozed, acknowledged), then recently resolved. */
export function buildAlertsAnswer(incidents: readonly Incident[], options: AnswerOptions = {}): SlashAnswer {
  const ordered = [...incidents].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      Number(a.severity !== 'critical') - Number(b.severity !== 'critical') ||
      Date.parse(b.resolvedAt ?? b.openedAt) - Date.parse(a.resolvedAt ?? a.openedAt),
  );
  const active = ordered.filter((incident) => incident.status !== 'resolved');
  const page = paginate(ordered, options.page, ALERTS_PAGE_SIZE);
  const blocks: KnownBlock[] = [header('Alerts')];
  const counts = (['open', 'acknowledged', 'snoozed'] as const).map((status) => `${active.filter((i) => i.status === status).length} ${status}`);
  blocks.push(section(active.length === 0 ? ':large_green_circle: No alert is firing.' : `*${plural(active.length, 'alert')}* firing: ${counts.join(', ')}`));
  if (page.items.length > 0) blocks.push(...listSections(page.items.map(alertLine), 2800));
  return finishAnswer({ text: active.length === 0 ? 'No alert is firing' : `${plural(active.length, 'alert')} firing`, blocks, ref: { command: 'alerts', args: [] }, paging: page }, options);
}
