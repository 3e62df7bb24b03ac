import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log/logger';

export type OpsDecision = { allowed: true } | { allowed: false; reason: string };

/** How long the ops user group's members are kept: a few minutes, so a change in Slack soon counts. */
export const USERGROUP_TTL_MS = 5 * 60_000;

const NOBODY =
  'Nobody may sync, pause or resume connections from Slack yet. To allow it, set OPS_USERS (Slack user ids) or OPS_USERGROUP (a Slack user group id) in Pulse\'s configuration.';
const NOT_OPS =
  'Only the ops team may sync, pause or resume connections from Slack: the people in OPS_USERS or in the user group OPS_USERGROUP. Ask one of them, or ask to be added.';

/**
 * Who may act on connections from Slack: the users OPS_USERS names, and the members of the user
 * group OPS_USERGROUP, read through the Web API (usergroups.users.list) and kept a few minutes.
 * One instance per app, so every press shares the cache.
 */
export class OpsAccess {
  private cached: { members: ReadonlySet<string>; at: number } | null = null;
  private reading: Promise<ReadonlySet<string>> | null = null;

  constructor(
    private readonly rule: { opsUsers: readonly string[]; opsUsergroup: string | null },
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  async decide(userId: string, client: WebClient): Promise<OpsDecision> {
    const { opsUsers, opsUsergroup } = this.rule;
    if (opsUsers.length === 0 && opsUsergroup === null) return { allowed: false, reason: NOBODY };
    if (opsUsers.includes(userId)) return { allowed: true };
    if (opsUsergroup === null) return { allowed: false, reason: NOT_OPS };
    let members: ReadonlySet<string>;
    try {
      members = await this.members(client, opsUsergroup);
    } catch (error) {
      this.logger.warn({ err: error, usergroup: opsUsergroup }, 'could not read the members of the ops user group');
      return {
        allowed: false,
        reason: `Pulse could not read the members of the ops user group (OPS_USERGROUP ${opsUsergroup}) from Slack: ${(error as Error).message}. Try again in a minute; if it persists, check that the app has the usergroups:read scope.`,
      };
    }
    return members.has(userId) ? { allowed: true } : { allowed: false, reason: NOT_OPS };
  }

  /** The group's members, read at most once per {@link USERGROUP_TTL_MS}; presses at the same moment share one read. */
  private members(client: WebClient, usergroup: string): Promise<ReadonlySet<string>> {
    if (this.cached && this.now() - this.cached.at < USERGROUP_TTL_MS) return Promise.resolve(this.cached.members);
    if (!this.reading) {
      this.reading = client.usergroups.users
        .list({ usergroup })
        .then((answer) => {
          const members = new Set(answer.users ?? []);
          this.cached = { members, at: this.now() };
          return members;
        })
        .finally(() => {
          this.reading = null;
        });
    }
    return this.reading;
  }
}
