import type { Incident } from '../../alerts/types';
import type { ConnectionAssessment } from '../../health/types';
import { incidentName, incidentSince } from '../../alerts/incidents';
import { incidentStateLine, incidentSubject, openInFivetranButton, postedText, ruleLine, ruleNamesText, shownRules } from './alertMessage';
import { context, fields, finishAnswer, header, section } from './components';
import { connectionFields, errorSection, listSections, syncLine } from './connectionParts';
import { severityLabel } from './format';
import { liveActionButtons } from './liveActions';
import { escapeLine, escapeText, slackDate } from './mrkdwn';
import { factSourcesLine, liveStateLine, sourcesLine, type SourceFormat } from '../vocabulary/liveSources';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

const MAX_ERRORS = 3;
const MAX_SYNCS = 8;

/** How Slack writes the instants and Fivetran's texts of live state. */
export const SLACK_SOURCE_FORMAT: SourceFormat = { instant: (iso) => slackDate(iso), text: (raw) => escapeText(raw, 300) };

/** What Fivetran's API says now, and which source each fact above came from and when. */
function liveBlocks(connection: ConnectionAssessment): KnownBlock[] {
  const live = connection.live;
  if (!live) return [];
  const now = liveStateLine(live, SLACK_SOURCE_FORMAT);
  return [
    ...(now ? [section(`*Fivetran now*\n${now}`)] : []),
    context(`Sources: ${sourcesLine(live, SLACK_SOURCE_FORMAT)}`, `From ${factSourcesLine(live, SLACK_SOURCE_FORMAT)}`),
  ];
}

/** The recent errors and syncs of one connection, as a set of blocks. */
export function connectionDetailBlocks(connection: ConnectionAssessment): KnownBlock[] {
  const blocks: KnownBlock[] = [fields(connectionFields(connection)), ...liveBlocks(connection)];
  if (connection.latestErrors.length > 0) {
    blocks.push(section(`*Recent errors* (${connection.latestErrors.length})`));
    for (const error of connection.latestErrors.slice(0, MAX_ERRORS)) blocks.push(errorSection(error, null, 600));
    if (connection.latestErrors.length > MAX_ERRORS) blocks.push(context(`…and ${connection.latestErrors.length - MAX_ERRORS} more: \`/fivetran errors ${escapeLine(connection.connectionId, 80)}\``));
  } else {
    blocks.push(section('*Recent errors*\nNone in the monitored window.'));
  }
  const syncs = connection.recentSyncs.slice(0, MAX_SYNCS).map(syncLine);
  blocks.push(...listSections([`*Recent syncs* (newest first)`, ...(syncs.length ? syncs : ['No completed sync in the monitored window.'])], 2500));
  return blocks;
}

/**
 * What the Details button shows: the incident's rules with their facts, and the connection's recent
 * errors and syncs. Either may be missing (an incident about the monitoring itself; a connection no
 * longer in the data).
 */
export function buildAlertDetails(incident: Incident | null, connection: ConnectionAssessment | null, options: AnswerOptions = {}): SlashAnswer {
  const name = connection?.connectionName ?? (incident ? incidentName(incident) : 'monitoring data');
  const blocks: KnownBlock[] = [header(`Details: ${name}`)];
  if (incident) {
    const title = incident.status === 'resolved' ? ':large_green_circle: *Resolved*' : severityLabel(incident.severity);
    blocks.push(section(`${title} · ${incidentSubject(incident)}`));
    for (const rule of shownRules(incident)) blocks.push(section(ruleLine(incident, rule, { facts: true, maxProblem: 1000 })));
    const state = incidentStateLine(incident);
    blocks.push(context(`Since ${slackDate(incidentSince(incident))}`, postedText(incident), ...(state ? [state] : [])));
  }
  if (connection) blocks.push(...connectionDetailBlocks(connection));
  else if (incident?.connectionId) blocks.push(section('This connection is not in the latest monitoring data (deleted, or outside the monitored window).'));

  const connectionId = connection?.connectionId ?? incident?.connectionId ?? null;
  const live =
    options.liveActions && connectionId
      ? liveActionButtons(incident ? { kind: 'incident', incidentId: incident.incidentId } : { kind: 'connection', connectionId }, name, connection?.paused ?? null)
      : [];
  return finishAnswer(
    {
      text: escapeLine(`Details: ${name}${incident ? ` · ${ruleNamesText(incident)}` : ''}`, 600),
      blocks,
      ref: { command: 'details', args: incident ? [incident.incidentId] : connectionId ? [connectionId] : [] },
      buttons: connectionId ? [openInFivetranButton(connectionId), ...live] : [],
    },
    options,
  );
}
