import { parseWebhook, webhookKey } from '../../src/live/parseWebhook';
import { signWebhookBody, verifyWebhookSignature } from '../../src/live/webhookSignature';

const SECRET = 'webhook-secret';

describe("Fivetran's webhook payloads", () => {
  it('reads both namings of the connection and the destination group into one event', () => {
    const older = parseWebhook(JSON.stringify({ event: 'sync_end', created: '2026-05-22T00:06:08.638Z', connector_type: 'postgres', connector_id: 'assimilate_seem', connector_name: 'ftar_pg', sync_id: 's1', group_id: 'grp', data: { status: 'FAILURE_WITH_TASK', reason: 'boom', taskType: 'reconnect' } }));
    const newer = parseWebhook(JSON.stringify({ event: 'sync_end', created: '2026-05-22T00:06:08.638Z', connector_type: 'postgres', connection_id: 'assimilate_seem', connection_name: 'ftar_pg', sync_id: 's1', destination_group_id: 'grp', data: { status: 'FAILURE_WITH_TASK', reason: 'boom', taskType: 'reconnect' } }));
    const expected = { event: 'sync_end', createdAt: '2026-05-22T00:06:08.638Z', connectionId: 'assimilate_seem', connectionName: 'ftar_pg', connectorType: 'postgres', groupId: 'grp', syncId: 's1', status: 'FAILURE_WITH_TASK', reason: 'boom', taskType: 'reconnect' };
    expect(older).toEqual({ ok: true, event: expected });
    expect(newer).toEqual({ ok: true, event: expected });
  });

  it('accepts the test payload, which has no sync id', () => {
    const parsed = parseWebhook('{"event":"test_event","created":"2026-05-22T00:06:08.638Z","connector_type":"_connector_type","connector_id":"_connector_1","group_id":"_destination_1"}');
    expect(parsed).toMatchObject({ ok: true, event: { event: 'test_event', connectionId: '_connector_1', groupId: '_destination_1', syncId: null, status: null } });
  });

  it('answers what is not a webhook with a problem in words, never a throw', () => {
    for (const body of ['not json', '[]', 'null', '{"created":"2026-05-22T00:00:00Z","connector_id":"x"}', '{"event":"sync_end","created":"yesterday","connector_id":"x"}', '{"event":"sync_end","created":"2026-05-22T00:00:00Z"}']) {
      const parsed = parseWebhook(body);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toMatch(/^the body /);
    }
  });

  it('tells deliveries apart by event, connection, sync and time', () => {
    const base = { event: 'sync_end', createdAt: '2026-05-22T00:00:00.000Z', connectionId: 'c', connectionName: null, connectorType: null, groupId: null, syncId: 's', status: 'FAILURE', reason: null, taskType: null };
    expect(webhookKey(base)).toBe(webhookKey({ ...base, reason: 'retried' }));
    for (const other of [{ event: 'sync_start' }, { connectionId: 'd' }, { syncId: 't' }, { createdAt: '2026-05-22T00:00:01.000Z' }]) expect(webhookKey({ ...base, ...other })).not.toBe(webhookKey(base));
  });

  it('checks the signature over the raw bytes, hex in either case, and refuses anything else', () => {
    const body = Buffer.from('{"event":"sync_end"}');
    const signature = signWebhookBody(body, SECRET);
    expect(verifyWebhookSignature(body, signature, SECRET)).toBe(true);
    expect(verifyWebhookSignature(body, signature.toUpperCase(), SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from('{"event": "sync_end"}'), signature, SECRET)).toBe(false);
    expect(verifyWebhookSignature(body, signWebhookBody(body, 'another secret'), SECRET)).toBe(false);
    for (const header of [undefined, '', 'sha256=' + signature, signature.slice(1), [signature]]) expect(verifyWebhookSignature(body, header, SECRET)).toBe(false);
  });
});
