import type { Assessment } from '../../health/types';
import type { Tenant } from '../../fivetran/types';
import { context, fields, finishAnswer, header, section } from './components';
import { healthCountFields, staleBanner } from './connectionParts';
import { formatCount, plural } from '../vocabulary/counts';
import { connectionLink, problemOf, ruleLabel, severityLabel } from './format';
import { packLines } from './limits';
import { channelMention, escapeLine, escapeWords, slackDate } from './mrkdwn';
import { connectionListBlocks } from './statusAnswer';
import type { AnswerOptions, KnownBlock, SlashAnswer } from './types';

/** `/fivetran tenant <id>`: one tenant's connections, alerts and MAR. */
export function buildTenantAnswer(tenant: Tenant, assessment: Assessment, options: AnswerOptions = {}): SlashAnswer {
  const connections = assessment.connections.filter((c) => c.tenantId === tenant.tenantId);
  const alerts = assessment.alerts.filter((alert) => alert.tenantId === tenant.tenantId);
  const mar = connections.reduce((sum, c) => sum + (c.marThisMonth || 0), 0);
  const blocks: KnownBlock[] = [header(`Tenant: ${tenant.tenantName || tenant.tenantId}`)];
  const banner = staleBanner(assessment);
  if (banner) blocks.push(banner);
  blocks.push(
    context(
      `\`${escapeLine(tenant.tenantId, 80)}\``,
      tenant.alertChannel ? `Alerts also go to ${channelMention(tenant.alertChannel)}` : 'No tenant channel: alerts go to the ops channel only',
    ),
    section(`*${plural(connections.length, 'connection')}* · *${plural(alerts.length, 'alert')}* firing · MAR this month *${formatCount(mar)}*`),
    fields(healthCountFields(connections)),
  );
  if (alerts.length > 0) {
    const lines = alerts.map((alert) => {
      const subject = alert.connectionId ? connectionLink(alert.connectionId, alert.connectionName, 50) : 'Monitoring data';
      return `${severityLabel(alert.severity)} · *${ruleLabel(alert.rule)}* · ${subject}: ${escapeWords(problemOf(alert), 150)}`;
    });
    blocks.push(section(`*Alerts*\n${packLines(lines, 2000, { maxLines: 10 }).text}`));
  }
  const list = connectionListBlocks(connections, assessment, options.page);
  blocks.push(...list.blocks, context(`Monitoring data as of ${slackDate(assessment.observedAt, 'datetime', 'never')}`));
  return finishAnswer(
    {
      text: escapeLine(`Tenant ${tenant.tenantName || tenant.tenantId}: ${connections.length} connections, ${alerts.length} alerts`, 300),
      blocks,
      ref: { command: 'tenant', args: [tenant.tenantId] },
      paging: list,
    },
    options,
  );
}
