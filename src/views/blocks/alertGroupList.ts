import type { Button } from '@slack/types';
import type { Incident } from '../../alerts/types';
import { ACTION_IDS, encodeAlertGroupPage } from './actionIds';
import { actions, button, context, header, section } from './components';
import { countsWords, groupCounts, groupItem, groupTitle, orderGroup } from './groupedAlertsMessage';
import { fitMessage, fitsOneMessage } from './limits';
import type { KnownBlock, SlashAnswer } from './types';

/** The block of the list's paging buttons: a press there turns the page in place. */
export const LIST_PAGING_BLOCK = 'list_paging';

/** Where an incident of the list is shown, so a press on its menu can show that page again. */
export function listBlockId(groupId: string, page: number, incidentId: string): string {
  return `list:${groupId}:${page}:${incidentId}`;
}

export function parseListBlockId(blockId: unknown): { groupId: string; page: number } | null {
  if (typeof blockId !== 'string') return null;
  const match = /^list:(grp_[0-9a-f]{20}):(\d{1,4}):inc_[0-9a-f]{20}$/.exec(blockId);
  return match ? { groupId: match[1] as string, page: Number(match[2]) } : null;
}

/**
 * "Show all" on a grouped message: every incident in it, each with its own menu, privately, in
 * pages of as many as one message holds. Counted from the same place as the message itself.
 */
export function buildAlertGroupList(groupId: string, incidents: readonly Incident[], page: number): SlashAnswer {
  const ordered = orderGroup(incidents);
  const counts = groupCounts(ordered);
  const title = groupTitle(counts);
  const head: KnownBlock[] = [header(counts.firing === 0 ? `✅ ${title}` : `🚨 ${title}`), section(countsWords(counts, true))];
  const tail = (at: number, more: boolean, of: number): KnownBlock[] => {
    const elements: Button[] = [];
    if (at > 1) elements.push(button('◀ Previous', ACTION_IDS.previousAlertGroupPage, encodeAlertGroupPage(groupId, at - 1)));
    if (more) elements.push(button('Next ▶', ACTION_IDS.nextAlertGroupPage, encodeAlertGroupPage(groupId, at + 1)));
    return [context(`Page ${at} of ${of} · every incident of the grouped message, each with its own menu`), ...(elements.length > 0 ? [actions(elements, LIST_PAGING_BLOCK)] : [])];
  };

  // Pages hold what fits, so the same list always breaks the same way.
  const pages: Incident[][] = [];
  let current: Incident[] = [];
  for (const [index, incident] of ordered.entries()) {
    const at = pages.length + 1;
    const candidate = [...current, incident];
    const blocks = [...head, ...candidate.map((item) => groupItem(item, listBlockId(groupId, at, item.incidentId))), ...tail(at, index < ordered.length - 1, 9999)];
    if (current.length > 0 && !fitsOneMessage(blocks)) {
      pages.push(current);
      current = [incident];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);

  const at = Math.min(pages.length, Math.max(1, Math.floor(page)));
  const shown = pages[at - 1] ?? [];
  const blocks = [...head, ...shown.map((incident) => groupItem(incident, listBlockId(groupId, at, incident.incidentId))), ...tail(at, at < pages.length, pages.length)];
  const fitted = fitMessage({ text: `${title} (${countsWords(counts, false)}), page ${at} of ${pages.length}`, blocks });
  return { ...fitted, response_type: 'ephemeral' };
}
