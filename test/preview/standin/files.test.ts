import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogLevel, WebClient } from '@slack/web-api';

import { startSlackStandIn, type SlackStandIn, type SlackStandInOptions } from '../../../src/preview/standin';

const TOKEN = 'xoxb-files-test';
const OPS = { id: 'C0OPS00001', name: 'fivetran-ops' };
const ALICE = { id: 'U0ALICE001', name: 'alice' };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image, but bytes all the same')]);

type Answer = Record<string, unknown> & { ok: boolean; error?: string };

describe('files.uploadV2 against the Slack stand-in', () => {
  let standIn: SlackStandIn;
  let client: WebClient;
  const dirs: string[] = [];

  async function start(options: Partial<SlackStandInOptions> = {}) {
    standIn = await startSlackStandIn({ signingSecret: 'secret-secret', botToken: TOKEN, channels: [OPS], users: [ALICE], ...options });
    client = new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  }

  const call = async (method: string, body: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(`${standIn.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Answer;
  };

  afterEach(async () => {
    await standIn.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('takes the three steps of the SDK, shares the file in the channel with its comment, and serves the bytes', async () => {
    await start();
    const result = await client.files.uploadV2({ channel_id: OPS.id, file: PNG, filename: 'mar.png', title: 'MAR by day', alt_text: 'Bars of rows per day', initial_comment: 'MAR by day' });
    expect(result.ok).toBe(true);
    expect(standIn.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);

    const [message] = standIn.messages(OPS.id);
    expect(message).toMatchObject({ text: 'MAR by day', user: standIn.botUserId, via: 'web_api' });
    expect(message?.files).toEqual([
      expect.objectContaining({ name: 'mar.png', title: 'MAR by day', mimetype: 'image/png', size: PNG.length, alt_txt: 'Bars of rows per day' }),
    ]);
    const file = message?.files?.[0];
    expect(standIn.files().map((f) => f.id)).toEqual([file?.id]);
    expect(Buffer.from(standIn.fileBytes(file?.id ?? '') ?? []).equals(PNG)).toBe(true);

    const served = await fetch(file?.url_private ?? '');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // And into a thread, without a comment: a reply that is only the file.
    await client.files.uploadV2({ channel_id: OPS.id, thread_ts: message?.ts ?? '', file: PNG, filename: 'again.png' });
    expect(standIn.replies(OPS.id, message?.ts ?? '')).toEqual([expect.objectContaining({ text: '', files: [expect.objectContaining({ name: 'again.png', title: 'again.png' })] })]);
  });

  it("refuses what Slack refuses: a missing name or length, an empty or oversized file, long alt text, an unknown file, a missing channel", async () => {
    await start();
    expect(await call('files.getUploadURLExternal', { length: 10 })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await call('files.getUploadURLExternal', { filename: 'a.png' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await call('files.getUploadURLExternal', { filename: 'a.png', length: 0 })).toMatchObject({ ok: false, error: 'missing_argument' });
    expect(await call('files.getUploadURLExternal', { filename: 'a.png', length: 2 * 1024 ** 3 })).toMatchObject({ ok: false, error: 'file_upload_size_restricted' });
    expect(await call('files.getUploadURLExternal', { filename: 'a.png', length: 10, alt_txt: 'x'.repeat(1001) })).toMatchObject({ ok: false, error: 'alt_txt_too_large' });

    expect(await call('files.completeUploadExternal', { files: [{ id: 'F0NOSUCH01' }], channel_id: OPS.id })).toMatchObject({ ok: false, error: 'file_not_found' });
    expect(await call('files.completeUploadExternal', { channel_id: OPS.id })).toMatchObject({ ok: false, error: 'invalid_arguments' });

    const ticket = await call('files.getUploadURLExternal', { filename: 'a.png', length: PNG.length });
    expect(ticket).toMatchObject({ ok: true, file_id: expect.stringMatching(/^F[A-Z0-9]+$/), upload_url: expect.stringContaining(`${standIn.url}/upload/v1/`) });
    // Completed before its bytes arrived.
    expect(await call('files.completeUploadExternal', { files: [{ id: ticket.file_id }], channel_id: OPS.id })).toMatchObject({ ok: false, error: 'file_upload_not_completed' });
    // More bytes than announced.
    const tooMany = await fetch(String(ticket.upload_url), { method: 'POST', body: Buffer.concat([PNG, PNG]) });
    expect(tooMany.status).toBe(413);
    const upload = await fetch(String(ticket.upload_url), { method: 'POST', body: PNG });
    expect([upload.status, await upload.text()]).toEqual([200, `OK - ${PNG.length}`]);
    expect(await call('files.completeUploadExternal', { files: [{ id: ticket.file_id }], channel_id: 'C0NOSUCH01' })).toMatchObject({ ok: false, error: 'channel_not_found' });
    expect(await call('files.completeUploadExternal', { files: [{ id: ticket.file_id }], channel_id: OPS.id, thread_ts: '1.000001' })).toMatchObject({ ok: false, error: 'thread_not_found' });
    expect(standIn.messages(OPS.id)).toEqual([]);

    // Without a channel the file is made but shared nowhere, as in Slack.
    expect(await call('files.completeUploadExternal', { files: [{ id: ticket.file_id, title: 'private' }] })).toMatchObject({ ok: true, files: [expect.objectContaining({ id: ticket.file_id, title: 'private' })] });
    expect(standIn.messages(OPS.id)).toEqual([]);
    // A ticket is used once.
    expect(await call('files.completeUploadExternal', { files: [{ id: ticket.file_id }], channel_id: OPS.id })).toMatchObject({ ok: false, error: 'file_not_found' });
    expect((await fetch(`${standIn.url}/upload/v1/${'0'.repeat(32)}`, { method: 'POST', body: PNG })).status).toBe(404);
  });

  it('keeps shared files with the saved workspace, so the message still shows its image after a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulse-files-'));
    dirs.push(dir);
    const file = path.join(dir, 'workspace.json');
    await start({ persistence: { file, debounceMs: 0 } });
    await client.files.uploadV2({ channel_id: OPS.id, file: PNG, filename: 'mar.png', initial_comment: 'kept' });
    const id = standIn.messages(OPS.id)[0]?.files?.[0]?.id ?? '';
    await standIn.close();

    await start({ persistence: { file } });
    expect(standIn.messages(OPS.id)[0]).toMatchObject({ text: 'kept', files: [expect.objectContaining({ id })] });
    expect(Buffer.from(standIn.fileBytes(id) ?? []).equals(PNG)).toBe(true);
    const served = await fetch(`${standIn.url}/files/${id}/mar.png`);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    await standIn.resetWorkspace();
    expect(standIn.files()).toEqual([]);
    expect((await fetch(`${standIn.url}/files/${id}/mar.png`)).status).toBe(404);
  });
});
