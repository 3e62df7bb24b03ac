import { createHash, createPublicKey, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { eventually } from '../support/eventually';
import { rsaKeyPair, type RsaKeyPair } from '../support/snowflake/fixtures';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../support/snowflake';

/**
 * The stand-in's side of the protocol, spoken to directly over HTTP: what the driver relies on and
 * what Snowflake does that Pulse must cope with.
 */
describe('the Snowflake stand-in', () => {
  let standIn: SnowflakeStandIn;
  let key: RsaKeyPair;
  let token: string;

  type Json = Record<string, any>;

  async function post(path: string, body: unknown, options: { token?: string; gzip?: boolean } = {}): Promise<{ status: number; json: Json }> {
    const raw = Buffer.from(JSON.stringify(body));
    const response = await fetch(`${standIn.url}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options.gzip ? { 'Content-Encoding': 'gzip' } : {}),
        ...(options.token ? { Authorization: `Snowflake Token="${options.token}"` } : {}),
      },
      body: options.gzip ? gzipSync(raw) : raw,
    });
    const text = await response.text();
    return { status: response.status, json: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : { text } };
  }

  async function login(data: Json): Promise<Json> {
    return (await post('/session/v1/login-request?requestId=login', { data: { ACCOUNT_NAME: standIn.account, ...data } })).json;
  }

  function query(sqlText: string, extra: Json = {}, requestId = `r-${Math.random()}`): Promise<{ status: number; json: Json }> {
    return post(`/queries/v1/query-request?requestId=${requestId}`, { sqlText, ...extra }, { token });
  }

  function jwt(claims: Json, header: Json = { alg: 'RS256', typ: 'JWT' }, privateKeyPem = key.privateKeyPem): string {
    const encode = (part: Json) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signingInput = `${encode(header)}.${encode(claims)}`;
    return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), privateKeyPem).toString('base64url')}`;
  }

  function fingerprint(publicKeyPem: string): string {
    const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
    return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
  }

  beforeAll(async () => {
    key = rsaKeyPair();
    standIn = await startSnowflakeStandIn({ account: 'acme-prod', users: [{ name: 'PULSE', password: 'pw', publicKeyPem: key.publicKeyPem }] });
    const session = await login({ LOGIN_NAME: 'pulse', PASSWORD: 'pw' });
    token = session.data.token as string;
  });

  afterAll(async () => {
    await standIn.close();
  });

  it('checks a key-pair JWT the way Snowflake does', async () => {
    const now = Math.floor(Date.now() / 1000);
    const subject = 'ACME-PROD.PULSE';
    const good = { iss: `${subject}.${fingerprint(key.publicKeyPem)}`, sub: subject, iat: now, exp: now + 60 };
    const asJwtLogin = (token: string) => login({ LOGIN_NAME: 'PULSE', AUTHENTICATOR: 'SNOWFLAKE_JWT', TOKEN: token });

    expect(await asJwtLogin(jwt(good))).toMatchObject({ success: true, data: { token: expect.any(String), sessionId: expect.any(Number) } });

    const other = rsaKeyPair();
    const cases: Array<[string, string, RegExp]> = [
      ['another key, signing', jwt(good, undefined, other.privateKeyPem), /signature does not match/],
      ['another key, named in iss', jwt({ ...good, iss: `${subject}.${fingerprint(other.publicKeyPem)}` }), /^iss is/],
      ['another user in sub', jwt({ ...good, sub: 'ACME-PROD.SOMEONE' }), /^sub is/],
      ['expired', jwt({ ...good, iat: now - 120, exp: now - 60 }), /expired/],
      ['living too long', jwt({ ...good, exp: now + 7200 }), /exceeds one hour/],
      ['unsigned', jwt(good, { alg: 'none' }), /unsupported algorithm/],
    ];
    for (const [, badToken, detail] of cases) {
      expect(await asJwtLogin(badToken)).toMatchObject({ success: false, code: '390144', message: 'JWT token is invalid.', data: { nextAction: 'RETRY_LOGIN' } });
      expect(standIn.logins.at(-1)?.detail).toMatch(detail);
    }
  });

  it('answers SQL errors with HTTP 200 in Snowflake\'s error shape', async () => {
    const syntax = await query('SELEC 1');
    expect(syntax.status).toBe(200);
    expect(syntax.json).toMatchObject({ success: false, code: '001003', message: expect.stringMatching(/^SQL compilation error:\nParser Error/), data: { sqlState: '42000', queryId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect((await query('SELECT * FROM nowhere')).json).toMatchObject({ code: '002003', data: { sqlState: '42S02' } });
    expect((await query('SELECT 1; SELECT 2')).json).toMatchObject({ code: '000008', data: { sqlState: '0A000' } });
  });

  it('encodes rows as Snowflake\'s JSON result format does, with unquoted names in upper case', async () => {
    const { json } = await query(
      "SELECT 12.50::DECIMAL(10,2) AS amount, 3 AS n, 0.5::DOUBLE AS ratio, true AS flag, DATE '2024-01-15' AS day, TIMESTAMP '2024-01-15 12:34:56.789' AS at_ntz, TIMESTAMPTZ '2024-01-15 12:34:56.789+00' AS at_tz, '{\"a\":1}'::JSON AS detail, NULL::VARCHAR AS nothing, 'x' AS \"Quoted\"",
    );
    expect(json.data.rowtype.map((column: Json) => [column.name, column.type, column.scale])).toEqual([
      ['AMOUNT', 'fixed', 2],
      ['N', 'fixed', 0],
      ['RATIO', 'real', null],
      ['FLAG', 'boolean', null],
      ['DAY', 'date', null],
      ['AT_NTZ', 'timestamp_ntz', 9],
      ['AT_TZ', 'timestamp_tz', 9],
      ['DETAIL', 'variant', null],
      ['NOTHING', 'text', null],
      ['Quoted', 'text', null],
    ]);
    expect(json.data.rowset).toEqual([['12.50', '3', '0.5', '1', '19737', '1705322096.789000000', '1705322096.789000000 1440', '{"a":1}', null, 'x']]);
    expect(json.data).toMatchObject({ returned: 1, total: 1 });
  });

  it('runs a request once and answers a retry with the same requestId from the first run', async () => {
    await query('CREATE TABLE visits (id INTEGER)');
    const first = await query('INSERT INTO visits VALUES (1)', {}, 'same-request');
    const retry = await query('INSERT INTO visits VALUES (1)', {}, 'same-request');
    expect(retry.json).toEqual(first.json);
    expect(standIn.statements.filter((statement) => statement.requestId === 'same-request')).toHaveLength(1);
    expect(standIn.requests.filter((request) => request.requestId === 'same-request').map((request) => request.replayed ?? false)).toEqual([false, true]);
    expect((await query('SELECT COUNT(*) AS n FROM visits')).json.data.rowset).toEqual([['1']]);
  });

  it('accepts ALTER SESSION and USE as no-ops, and records the query tag of every statement', async () => {
    await query("ALTER SESSION SET QUERY_TAG = 'pulse:session', STATEMENT_TIMEOUT_IN_SECONDS = 30");
    await query('USE WAREHOUSE OTHER_WH');
    await query('SELECT 1 AS a');
    await query('SELECT 2 AS b', { parameters: { QUERY_TAG: 'pulse:statement' } });
    expect(standIn.statements.slice(-4).map((statement) => [statement.sqlText, statement.queryTag, statement.status])).toEqual([
      ["ALTER SESSION SET QUERY_TAG = 'pulse:session', STATEMENT_TIMEOUT_IN_SECONDS = 30", null, 'succeeded'],
      ['USE WAREHOUSE OTHER_WH', 'pulse:session', 'succeeded'],
      ['SELECT 1 AS a', 'pulse:session', 'succeeded'],
      ['SELECT 2 AS b', 'pulse:statement', 'succeeded'],
    ]);
    expect(standIn.sessions.find((session) => session.open && session.parameters.QUERY_TAG)?.parameters).toMatchObject({ STATEMENT_TIMEOUT_IN_SECONDS: '30' });
    await query('ALTER SESSION UNSET QUERY_TAG, STATEMENT_TIMEOUT_IN_SECONDS');
  });

  it('interrupts the running DuckDB query named by an abort request', async () => {
    const running = query('SELECT SUM(a.range * b.range) AS total FROM range(400000) AS a, range(400000) AS b', {}, 'long-one');
    await eventually(() => standIn.statements.some((statement) => statement.requestId === 'long-one' && statement.status === 'running'));
    expect((await post('/queries/v1/abort-request', { requestId: 'long-one' }, { token })).json).toMatchObject({ success: true });
    expect((await running).json).toMatchObject({ success: false, code: '000604', message: 'SQL execution canceled', data: { sqlState: '57014' } });
    expect(standIn.aborts.at(-1)).toMatchObject({ requestId: 'long-one', interrupted: true });

    expect((await post('/queries/v1/abort-request', { requestId: 'nothing-running' }, { token })).json).toMatchObject({ success: false, code: '000605' });
  });

  it('stops a statement at its STATEMENT_TIMEOUT_IN_SECONDS', async () => {
    const { json } = await query('SELECT SUM(a.range * b.range) AS total FROM range(400000) AS a, range(400000) AS b', { parameters: { STATEMENT_TIMEOUT_IN_SECONDS: 1 } });
    expect(json).toMatchObject({ success: false, code: '000630', message: 'Statement reached its statement or warehouse timeout of 1 second(s) and was canceled.', data: { sqlState: '57014' } });
    expect(standIn.statements.at(-1)?.status).toBe('timedOut');
  });

  it('reads gzipped bodies, refuses unknown sessions, and injects the faults asked for', async () => {
    expect((await post('/queries/v1/query-request?requestId=zipped', { sqlText: 'SELECT 5 AS five' }, { token, gzip: true })).json.data.rowset).toEqual([['5']]);
    expect((await post('/queries/v1/query-request?requestId=stranger', { sqlText: 'SELECT 1' }, { token: 'forged' })).json).toMatchObject({ success: false, code: '390111' });

    standIn.inject({ kind: 'http5xx', status: 502, times: 2 });
    expect((await query('SELECT 1 AS one')).status).toBe(502);
    expect((await query('SELECT 1 AS one')).status).toBe(502);
    expect((await query('SELECT 1 AS one')).status).toBe(200);

    standIn.inject({ kind: 'loginFailure', times: 1 });
    expect(await login({ LOGIN_NAME: 'PULSE', PASSWORD: 'pw' })).toMatchObject({ success: false, code: '390100', message: 'Incorrect username or password was specified.' });
    expect(await login({ LOGIN_NAME: 'PULSE', PASSWORD: 'pw' })).toMatchObject({ success: true });

    standIn.inject({ kind: 'refuse' });
    await expect(fetch(`${standIn.url}/session/heartbeat`, { method: 'POST' })).rejects.toThrow();
    await standIn.heal();
    expect((await post('/session/heartbeat', {}, { token })).json).toMatchObject({ success: true });
  });
});
