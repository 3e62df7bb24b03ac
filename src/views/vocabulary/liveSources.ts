import type { Disagreement, FactSource, LiveView } from '../../health/mergeLive';
import { identifierWords } from '../../text/identifierWords';
import { syncStatusWords } from './syncStatus';

/**
 * Where each fact about a connection came from and when, and where the warehouse and Fivetran's
 * live state disagree, in words: the same sentences in Slack and in a terminal, which pass in how
 * they write an instant and a piece of Fivetran's text.
 */

export interface SourceFormat {
  instant(iso: string): string;
  text(raw: string): string;
}

const SOURCE_WORDS: Record<FactSource, string> = { warehouse: 'the warehouse', api: "Fivetran's API", webhook: "Fivetran's webhook" };

/** "the warehouse", "Fivetran's API", "Fivetran's webhook"; null for a source Pulse does not know. */
export function sourceWords(source: string): string | null {
  return (SOURCE_WORDS as Record<string, string>)[source] ?? null;
}

const SETUP_WORDS: Record<string, string> = { connected: 'set up', broken: 'setup broken', incomplete: 'setup incomplete' };
const UPDATE_WORDS: Record<string, string> = { on_schedule: 'on schedule', delayed: 'delayed' };
const SYNC_STATE_WORDS: Record<string, string> = { scheduled: 'waiting for its next sync', syncing: 'syncing', paused: 'paused', rescheduled: 'rescheduled' };

const words = (table: Record<string, string>, value: string) => table[value] ?? identifierWords(value);
const failed = (status: string) => status === 'FAILURE' || status === 'FAILURE_WITH_TASK';

/** "loaded into the warehouse 09:00; Fivetran's API 09:41; Fivetran's webhook 09:44". */
export function sourcesLine(view: LiveView, format: SourceFormat): string {
  return [
    `warehouse loaded ${view.warehouseAt ? format.instant(view.warehouseAt) : 'never'}`,
    view.apiAt ? `Fivetran's API at ${format.instant(view.apiAt)}` : null,
    view.webhookAt ? `webhook at ${format.instant(view.webhookAt)}` : null,
  ]
    .filter(Boolean)
    .join('; ');
}

/** Which source each merged fact came from: "last sync: Fivetran's webhook, 09:44; …". */
export function factSourcesLine(view: LiveView, format: SourceFormat): string {
  const from = (label: string, fact: LiveView['lastSync']) => (fact ? `${label}: ${sourceWords(fact.source) ?? fact.source}${fact.at ? `, ${format.instant(fact.at)}` : ''}` : null);
  return [from('last sync', view.lastSync), from('last success', view.lastSuccess), from('pause state', view.paused)].filter(Boolean).join('; ');
}

/** What Fivetran's API says of the connection now: "setup broken, delayed, syncing; task: Reconnect…". */
export function liveStateLine(view: LiveView, format: SourceFormat): string | null {
  if (view.apiAt === null) return null;
  const states = [
    view.setupState ? words(SETUP_WORDS, view.setupState) : null,
    view.updateState ? words(UPDATE_WORDS, view.updateState) : null,
    view.syncState ? words(SYNC_STATE_WORDS, view.syncState) : null,
  ].filter(Boolean);
  const notices = [...view.tasks.map((task) => `task: ${format.text(task.message)}`), ...view.warnings.map((warning) => `warning: ${format.text(warning.message)}`)];
  return [states.join(', '), ...notices].filter((part) => part !== '').join('; ');
}

function lastSyncWords(status: string): string {
  return failed(status) ? 'failed' : syncStatusWords(status);
}

/** One sentence per disagreement, the live side first since it is the newer. */
export function disagreementSentences(view: LiveView, format: SourceFormat): string[] {
  const loaded = view.warehouseAt ? `loaded ${format.instant(view.warehouseAt)}` : 'never loaded';
  return view.disagreements.map((d: Disagreement) => {
    const who = sourceWords(d.live.source) ?? d.live.source;
    if (d.fact === 'last_sync') {
      const warehouse = d.warehouse ? `still shows the last sync ${lastSyncWords(d.warehouse.status)} at ${format.instant(d.warehouse.at)}` : 'shows no sync yet';
      return `${who} says the last sync ${lastSyncWords(d.live.status)} at ${format.instant(d.live.at)}; the warehouse (${loaded}) ${warehouse}.`;
    }
    const state = (paused: boolean) => (paused ? 'paused' : 'not paused');
    return `${who} says it is ${state(d.live.paused)} since ${format.instant(d.live.at)}; the warehouse (${loaded}) shows it ${state(d.warehouse)}.`;
  });
}
