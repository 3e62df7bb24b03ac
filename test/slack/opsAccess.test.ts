import { WebClient } from '@slack/web-api';
import { createLogger } from '../../src/log/logger';
import { startSlackStandIn, type SlackStandIn } from '../../src/preview/standin';
import { OpsAccess, USERGROUP_TTL_MS } from '../../src/slack/opsAccess';

const TOKEN = 'xoxb-ops-access';
const logger = createLogger({ level: 'silent', format: 'json' });
let standIn: SlackStandIn;
let client: WebClient;

beforeAll(async () => {
  standIn = await startSlackStandIn({ signingSecret: 'ops-access-secret', botToken: TOKEN, users: [{ id: 'U0ANA', name: 'ana' }], usergroups: { S0OPS: ['U0ANA'] } });
  client = new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await standIn.close();
});

describe('who may act on connections from Slack', () => {
  it('allows nobody, and says how to allow someone, while neither OPS_USERS nor OPS_USERGROUP is set', async () => {
    const decision = await new OpsAccess({ opsUsers: [], opsUsergroup: null }, logger).decide('U0ANA', client);
    expect(decision).toEqual({ allowed: false, reason: expect.stringContaining('To allow it, set OPS_USERS (Slack user ids) or OPS_USERGROUP') });
  });

  it('allows the users OPS_USERS names without asking Slack', async () => {
    const calls = standIn.callsTo('usergroups.users.list').length;
    const access = new OpsAccess({ opsUsers: ['U0BEN'], opsUsergroup: 'S0OPS' }, logger);
    expect(await access.decide('U0BEN', client)).toEqual({ allowed: true });
    expect(standIn.callsTo('usergroups.users.list')).toHaveLength(calls);
  });

  it("reads the user group's members once for a few minutes, then again, so a change in Slack counts", async () => {
    let now = 1_000_000;
    const access = new OpsAccess({ opsUsers: [], opsUsergroup: 'S0OPS' }, logger, () => now);
    const calls = () => standIn.callsTo('usergroups.users.list').filter((call) => call.args.usergroup === 'S0OPS').length;
    const before = calls();
    expect(await Promise.all([access.decide('U0ANA', client), access.decide('U0ANA', client)])).toEqual([{ allowed: true }, { allowed: true }]);
    expect((await access.decide('U0CAL', client)).allowed).toBe(false);
    expect(calls() - before).toBe(1);

    standIn.setUsergroup('S0OPS', ['U0CAL']);
    now += USERGROUP_TTL_MS - 1;
    expect((await access.decide('U0CAL', client)).allowed).toBe(false);
    now += 1;
    expect(await access.decide('U0CAL', client)).toEqual({ allowed: true });
    expect((await access.decide('U0ANA', client)).allowed).toBe(false);
    expect(calls() - before).toBe(2);
  });

  it('refuses with a clear answer when the group cannot be read', async () => {
    const decision = await new OpsAccess({ opsUsers: [], opsUsergroup: 'S0GONE' }, logger).decide('U0ANA', client);
    expect(decision).toEqual({ allowed: false, reason: expect.stringContaining('could not read the members of the ops user group (OPS_USERGROUP S0GONE)') });
  });
});
