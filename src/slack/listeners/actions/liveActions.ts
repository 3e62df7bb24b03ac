import type { WebClient } from '@slack/web-api';
import type { Incident } from '../../../alerts/types';
import { scopeToTenant } from '../../../health/scope';
import { alertMessenger } from '../../../jobs/alertMessenger';
import { liveButtonsOf, type PulseServices } from '../../../jobs/services';
import { webClientPoster } from '../../../jobs/webClientPoster';
import { FivetranApiError } from '../../../live/fivetranApiError';
import type { FivetranApi } from '../../../live/types';
import {
  buildLiveActionAnswer,
  buildLiveActionNote,
  decodeLiveActionValue,
  type LiveActionOutcome,
  type LiveActionTarget,
  type LiveVerb,
  type SlackMessage,
} from '../../../views/blocks';
import type { OpsAccess } from '../../opsAccess';
import { permittedIncidents, refuse, tell, type ActionArgs, type ActionContext } from './actionKit';

/** The connection a press acts on, checked against what the channel may see; and the alert it was pressed on, if any. */
interface Subject {
  connectionId: string;
  connectionName: string;
  incident: Incident | null;
}

/** What the audit trail records of each outcome (the detail's `outcome`). */
type AuditOutcome = 'started' | 'paused' | 'resumed' | 'not_allowed' | 'refused' | 'unknown';

const AUDIT_ACTIONS = { sync: 'sync_requested', pause: 'pause_requested', resume: 'resume_requested' } as const;
const NOT_OURS = 'That button was not one Pulse made, so it was ignored.';
export const NOT_CONFIGURED = "Fivetran's REST API is not configured (FIVETRAN_API_KEY and FIVETRAN_API_SECRET), so Pulse cannot act on connections.";

/** Sync now, Pause and Resume: on an alert, a connection's details, or a `/fivetran sync|pause|resume` answer. */
export function liveAction(verb: LiveVerb, access: OpsAccess) {
  return async (services: PulseServices, args: ActionArgs, context: ActionContext): Promise<void> => {
    const target = decodeLiveActionValue(context.value);
    if (!target) return refuse(args.respond, NOT_OURS);
    const api = services.fivetranApi;
    if (!api) return refuse(args.respond, NOT_CONFIGURED);
    const subject = await subjectOf(services, context, args.respond, target);
    if (!subject) return;

    const decision = await access.decide(context.userId, args.client);
    if (!decision.allowed) {
      services.logger.warn({ user: context.userId, channel: context.channel.id, connectionId: subject.connectionId, verb }, 'refused an action on a connection to someone outside the ops team');
      await audit(services, verb, subject, context, 'not_allowed', decision.reason);
      return refuse(args.respond, decision.reason);
    }

    const { outcome, audited } = await ask(api, services, verb, subject.connectionId);
    await audit(services, verb, subject, context, audited, outcome.kind === 'refused' ? outcome.message : null);
    // Pause and Resume change which of the two an incident offers, on the App Home too.
    if (verb !== 'sync') services.incidentChanges.changed();
    await tell(args.respond, buildLiveActionAnswer(verb, outcome, subject.connectionName));
    if (subject.incident) await noteInThreads(services, args.client, subject.incident, context.channel.id, buildLiveActionNote(verb, outcome, context.userId));
  };
}

async function subjectOf(services: PulseServices, context: ActionContext, respond: ActionArgs['respond'], target: LiveActionTarget): Promise<Subject | null> {
  if (target.kind === 'incident') {
    const incidents = await permittedIncidents(services, context, respond, { incidentId: target.incidentId });
    const incident = incidents?.[0];
    if (!incident) return null;
    if (!incident.connectionId) {
      await refuse(respond, 'This alert is about the monitoring data, not one connection: there is nothing to sync or pause.');
      return null;
    }
    return { connectionId: incident.connectionId, connectionName: incident.connectionName ?? incident.connectionId, incident };
  }
  if (context.scope.kind === 'none') {
    await refuse(respond, context.scope.reason);
    return null;
  }
  const { assessment } = await services.monitor.judge();
  const visible = context.scope.kind === 'tenant' ? scopeToTenant(assessment, context.scope.tenant.tenantId) : assessment;
  const connection = visible.connections.find((c) => c.connectionId === target.connectionId);
  if (!connection) {
    // The same answer for a connection of another tenant and one that does not exist: nothing leaks.
    services.logger.warn({ channel: context.channel.id, user: context.userId, connectionId: target.connectionId }, 'refused an action on a connection this channel cannot see');
    await refuse(respond, 'This channel cannot act on that connection.');
    return null;
  }
  return { connectionId: connection.connectionId, connectionName: connection.connectionName || connection.connectionId, incident: null };
}

/** One request to Fivetran. A sync is never sent twice; a pause's lost answer is settled by the client reading the connection back. */
async function ask(api: FivetranApi, services: PulseServices, verb: LiveVerb, connectionId: string): Promise<{ outcome: LiveActionOutcome; audited: AuditOutcome }> {
  try {
    if (verb === 'sync') {
      await api.syncNow(connectionId);
      return { outcome: { kind: 'done' }, audited: 'started' };
    }
    const paused = verb === 'pause';
    const now = await api.setPaused(connectionId, paused);
    services.pausedConnections.learn(connectionId, now.paused, services.clock());
    if (now.paused !== paused) return { outcome: { kind: 'unknown' }, audited: 'unknown' };
    return { outcome: { kind: 'done' }, audited: paused ? 'paused' : 'resumed' };
  } catch (error) {
    services.logger.warn({ err: error, connectionId, verb }, 'Fivetran did not carry out an action asked from Slack');
    if (error instanceof FivetranApiError && error.code !== 'PULSE_FIVETRAN_OUTCOME_UNKNOWN') {
      return { outcome: { kind: 'refused', message: error.message }, audited: 'refused' };
    }
    return { outcome: { kind: 'unknown' }, audited: 'unknown' };
  }
}

async function audit(services: PulseServices, verb: LiveVerb, subject: Subject, context: ActionContext, outcome: AuditOutcome, message: string | null): Promise<void> {
  await services.store.audit([
    {
      at: services.clock().toISOString(),
      actor: context.userId,
      action: AUDIT_ACTIONS[verb],
      incidentId: subject.incident?.incidentId ?? null,
      fingerprint: subject.incident?.fingerprint ?? null,
      channel: context.channel.id,
      detail: JSON.stringify({ connection: subject.connectionId, outcome, ...(message ? { message } : {}) }),
    },
  ]);
}

/**
 * The note in the thread of the alert's message in this channel; and, as Pause or Resume may have
 * changed which of the two the message offers, the message shown again.
 */
async function noteInThreads(services: PulseServices, client: WebClient, incident: Incident, channelId: string, note: SlackMessage): Promise<void> {
  const poster = webClientPoster(client);
  const messenger = alertMessenger(poster, liveButtonsOf(services));
  for (const message of incident.messages) {
    if (message.channelId !== channelId || message.ts === null) continue;
    try {
      await poster.postMessage({ channel: channelId, thread_ts: message.ts, ...note });
      if (message.groupId === null) await messenger.edit({ channel: channelId, ts: message.ts, groupId: null, incidents: [incident] });
    } catch (error) {
      services.logger.warn({ err: error, channel: channelId, ts: message.ts }, "could not note an action in the alert's thread");
    }
  }
}
