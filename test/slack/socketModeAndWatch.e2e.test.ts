import { makeDemoFile, DEMO_NOW } from '../support/demoFile';
import { eventually } from '../support/eventually';
import { CHANNELS, startHarness } from '../support/pulseHarness';
import { elementOf, messageText } from '../support/slackMessages';

describe('Socket Mode against the stand-in', () => {
  it('answers slash commands and button presses delivered over the socket', async () => {
    const demo = await makeDemoFile();
    const pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, socketMode: true });
    try {
      const { status, answer } = await pulse.command('status hubspot_acme');
      expect(status).toBe(200);
      expect(JSON.stringify(answer.body)).toContain('hubspot_acme');
      expect(pulse.standIn.callsTo('apps.connections.open').length).toBeGreaterThan(0);

      await pulse.jobs.runAlerts();
      const [message] = pulse.standIn.messages(CHANNELS.acme.id);
      await pulse.standIn.clickButton({ channelId: CHANNELS.acme.id, messageTs: message!.ts, actionId: 'acknowledgeAlert' });
      await eventually(() => messageText(pulse.standIn.message(CHANNELS.acme.id, message!.ts)).includes('Acknowledged by'), undefined, 'the acknowledged message');
    } finally {
      await pulse.stop();
      demo.remove();
    }
  });
});

describe('/fivetran watch', () => {
  it('posts one message and edits it in place until the running sync ends', async () => {
    const demo = await makeDemoFile();
    const pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, env: { WATCH_INTERVAL_SECONDS: '5' } });
    try {
      const { assessment } = await pulse.services.monitor.judge();
      const running = assessment.connections.find((c) => c.runningSince !== null && c.tenantId === 'globex');
      expect(running).toBeDefined();
      await pulse.standIn.slashCommand({ command: '/fivetran', text: `watch ${running!.connectionName}`, channelId: CHANNELS.globex.id });
      const message = await eventually(() => pulse.standIn.messages(CHANNELS.globex.id).find((m) => messageText(m).includes(running!.connectionName)), undefined, 'the watch message');
      expect(elementOf(message, 'stopWatch')).toBeDefined();

      const endedAt = new Date(DEMO_NOW.getTime() - 30_000).toISOString();
      await pulse.services.monitor.warehouse.query(
        `INSERT INTO FIVETRAN_LOG.LOG (id, time_stamp, connection_id, event, message_event, message_data, sync_id, _fivetran_synced)
         VALUES ('watch-end', ?::TIMESTAMP, ?, 'INFO', 'sync_end', '{"status":"SUCCESSFUL"}', NULL, ?::TIMESTAMP)`,
        [endedAt, running!.connectionId, endedAt],
        { tag: 'test:watch' },
      );
      expect(messageText(message)).toContain('is syncing');
      await eventually(() => messageText(pulse.standIn.message(CHANNELS.globex.id, message.ts)).includes('finished syncing'), undefined, 'the watch message edited to finished');
      expect(elementOf(pulse.standIn.message(CHANNELS.globex.id, message.ts), 'stopWatch')).toBeUndefined();
      expect(pulse.standIn.messages(CHANNELS.globex.id).filter((m) => messageText(m).includes(running!.connectionName))).toHaveLength(1);
    } finally {
      await pulse.stop();
      demo.remove();
    }
  });

  it('once stopped, edits its message to say who stopped it, with no buttons left', async () => {
    const demo = await makeDemoFile();
    // A refresh far away: only the Stop button can end this watch during the test.
    const pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW, env: { WATCH_INTERVAL_SECONDS: '3600', WATCH_TIMEOUT_MINUTES: '240' } });
    try {
      const { assessment } = await pulse.services.monitor.judge();
      const running = assessment.connections.find((c) => c.runningSince !== null && c.tenantId === 'globex')!;
      await pulse.standIn.slashCommand({ command: '/fivetran', text: `watch ${running.connectionName}`, channelId: CHANNELS.globex.id });
      const message = await eventually(() => pulse.standIn.messages(CHANNELS.globex.id).find((m) => elementOf(m, 'stopWatch')), undefined, 'the watch message');
      await pulse.standIn.clickButton({ channelId: CHANNELS.globex.id, messageTs: message.ts, actionId: 'stopWatch', userId: 'U0OPS' });
      await eventually(() => messageText(pulse.standIn.message(CHANNELS.globex.id, message.ts)).includes('Stopped by <@U0OPS>'), undefined, 'the watch message edited to stopped');
      const edited = pulse.standIn.message(CHANNELS.globex.id, message.ts);
      expect(elementOf(edited, 'stopWatch')).toBeUndefined();
      expect((edited?.blocks as Array<{ type: string }>).some((block) => block.type === 'actions')).toBe(false);
      expect(messageText(edited)).not.toContain('is syncing');
    } finally {
      await pulse.stop();
      demo.remove();
    }
  });

  it('refuses to watch another tenant\'s connection from a tenant channel', async () => {
    const demo = await makeDemoFile();
    const pulse = await startHarness({ duckdbPath: demo.path, now: DEMO_NOW });
    try {
      const { answer } = await pulse.command('watch globex_netsuite', CHANNELS.acme);
      expect(JSON.stringify(answer.body)).toMatch(/No connection/);
      expect(pulse.standIn.messages(CHANNELS.acme.id)).toHaveLength(0);
    } finally {
      await pulse.stop();
      demo.remove();
    }
  });
});
