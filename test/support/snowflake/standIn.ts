import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { DuckDBInstance } from '@duckdb/node-api';
import { findUser, INCORRECT_CREDENTIALS, verifyKeyPairJwt, verifyPassword, type LoginVerdict, type StandInUser } from './auth';
import { BindError, orderedBinds, toDuckDbValue, type SnowflakeBind } from './binds';
import { DuckDbEngine, QueryStopped, type RunningQuery } from './engine';
import { localizeInformationSchema } from './informationSchema';
import {
  CANCELLED,
  failureFromDuckDb,
  loginFailure,
  multipleStatements,
  NOT_EXECUTING,
  SESSION_GONE,
  statementFailure,
  statementTimeout,
  success,
  type SnowflakeFailure,
} from './responses';
import { encodeResult, quotedIdentifiersOf, statusResult, type EncodedResult } from './rowset';
import { parseSessionCommand } from './sessionCommands';

export type { StandInUser } from './auth';
export type { SnowflakeBind } from './binds';

export interface SnowflakeStandInOptions {
  /** A DuckDB file, `:memory:` (the default), or an instance the caller owns and closes. */
  duckdbPath?: string | DuckDBInstance;
  users: StandInUser[];
  /** The account name logins must carry (and JWTs must name). Default `PULSE_TEST`. */
  account?: string;
  /** How DuckDB TIMESTAMPTZ columns are presented. Default `timestamp_tz`. */
  timestampTzAs?: 'timestamp_tz' | 'timestamp_ltz';
}

export type StandInFault =
  /** Every request answers with this HTTP status (503 unless given) before doing anything. */
  | { kind: 'http5xx'; status?: number; times?: number }
  /**
   * Every request waits this long before it is handled; with `requests: 'statements'` only query
   * requests do, as when the virtual warehouse is queued while logins (cloud services) still answer.
   */
  | { kind: 'slow'; delayMs: number; times?: number; requests?: 'all' | 'statements' }
  /** The port stops accepting connections (and open ones are cut) until `heal()`. */
  | { kind: 'refuse' }
  /** Logins fail as if the password were wrong. */
  | { kind: 'loginFailure'; times?: number }
  /** A statement runs, then its connection is cut before the answer: the driver retries it. */
  | { kind: 'dropResponse'; times?: number }
  /**
   * Requests stop on their way to Snowflake until `release()` (or `heal()`), so a test decides when
   * they arrive: after a deadline, say. One whose client has hung up by then never arrives, as a
   * request on a connection that was reset. `requests` as for `slow`, or only logins.
   */
  | { kind: 'hold'; requests?: 'all' | 'statements' | 'logins' };

export type StatementStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timedOut';

export interface RecordedStatement {
  sqlText: string;
  binds: SnowflakeBind[];
  queryTag: string | null;
  sessionId: string;
  user: string;
  requestId: string;
  queryId: string;
  /** Statement-level parameters the request carried (QUERY_TAG, STATEMENT_TIMEOUT_IN_SECONDS…). */
  parameters: Record<string, unknown>;
  status: StatementStatus;
  errorCode?: string;
}

export interface RecordedLogin {
  user: string;
  authenticator: string;
  ok: boolean;
  code?: string;
  /** Why a login failed, in the stand-in's words (Snowflake itself only says "incorrect"). */
  detail?: string;
  sessionId?: string;
  application?: string;
}

export interface RecordedAbort {
  sessionId: string;
  requestId?: string;
  queryId?: string;
  /** Whether a running statement was found and interrupted. */
  interrupted: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  requestId?: string;
  /** `abandoned`: held on its way until its client had hung up, so it never arrived. */
  status: number | 'dropped' | 'abandoned';
  /** It was held on its way (the `hold` fault). */
  held?: boolean;
  /** Answered from an earlier run of the same requestId instead of executing again. */
  replayed?: boolean;
}

export interface RecordedSession {
  id: string;
  user: string;
  open: boolean;
  parameters: Record<string, string>;
}

export interface SnowflakeStandIn {
  /** For the driver's `accessUrl`. */
  readonly url: string;
  readonly port: number;
  readonly account: string;
  readonly statements: RecordedStatement[];
  readonly logins: RecordedLogin[];
  readonly aborts: RecordedAbort[];
  readonly requests: RecordedRequest[];
  readonly sessions: RecordedSession[];
  /** How many requests the `hold` fault holds right now. */
  readonly holding: number;
  inject(fault: StandInFault): void;
  /** Lets every held request go on and stops holding new ones. */
  release(): void;
  /** Ends every open session, as Snowflake does when a session expires: its token stops working. */
  endSessions(): void;
  /** Clears every fault and listens again if the port was refusing. */
  heal(): Promise<void>;
  close(): Promise<void>;
}

export async function startSnowflakeStandIn(options: SnowflakeStandInOptions): Promise<SnowflakeStandIn> {
  const engine = await DuckDbEngine.open(options.duckdbPath);
  const standIn = new StandInServer(engine, options);
  try {
    await standIn.listen(0);
  } catch (error) {
    await engine.close();
    throw error;
  }
  return standIn;
}

interface Session extends RecordedSession {
  token: string;
  masterToken: string;
  numericId: number;
  database: string | null;
  schema: string | null;
  warehouse: string | null;
  role: string | null;
}

interface Execution {
  query: RunningQuery;
  queryId: string;
  sessionId: string;
}

type Body = Record<string, unknown>;

const MAX_REMEMBERED_ANSWERS = 2000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

class StandInServer implements SnowflakeStandIn {
  readonly account: string;
  readonly statements: RecordedStatement[] = [];
  readonly logins: RecordedLogin[] = [];
  readonly aborts: RecordedAbort[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly sessions: Session[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly byToken = new Map<string, Session>();
  private readonly answers = new Map<string, Promise<Body>>();
  private readonly executions = new Map<string, Execution>();
  private readonly sleepers = new Set<() => void>();
  private readonly held = new Set<() => void>();
  private faults: Array<{ fault: StandInFault; remaining: number }> = [];
  private listening = false;
  private closed = false;
  private nextSessionId = 1_000_001;
  private boundPort = 0;

  constructor(
    private readonly engine: DuckDbEngine,
    private readonly options: SnowflakeStandInOptions,
  ) {
    this.account = options.account ?? 'PULSE_TEST';
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.respondJson(res, 500, { success: false, code: '000603', message: String(error) }));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get holding(): number {
    return this.held.size;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  inject(fault: StandInFault): void {
    if (this.closed) throw new Error('the stand-in is closed');
    if (fault.kind === 'refuse') {
      this.stopListening();
      return;
    }
    if (fault.kind === 'slow' && !(fault.delayMs >= 0)) throw new Error('a slow fault needs delayMs >= 0');
    const times = 'times' in fault && fault.times !== undefined ? fault.times : Number.POSITIVE_INFINITY;
    this.faults.push({ fault, remaining: times });
  }

  endSessions(): void {
    for (const session of this.sessions) session.open = false;
    this.byToken.clear();
  }

  release(): void {
    this.faults = this.faults.filter((entry) => entry.fault.kind !== 'hold');
    for (const letGo of [...this.held]) letGo();
  }

  async heal(): Promise<void> {
    this.faults = [];
    this.wakeSleepers();
    this.release();
    if (!this.listening && !this.closed) await this.listen(this.boundPort);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.faults = [];
    this.wakeSleepers();
    this.release();
    this.stopListening();
    await this.engine.close();
  }

  private stopListening(): void {
    if (this.listening) {
      this.listening = false;
      this.server.close();
    }
    for (const socket of this.sockets) socket.destroy();
  }

  private take<K extends StandInFault['kind']>(kind: K, applies: (fault: Extract<StandInFault, { kind: K }>) => boolean = () => true): Extract<StandInFault, { kind: K }> | null {
    const active = this.faults.find((entry) => entry.fault.kind === kind && entry.remaining > 0 && applies(entry.fault as Extract<StandInFault, { kind: K }>));
    if (!active) return null;
    active.remaining -= 1;
    return active.fault as Extract<StandInFault, { kind: K }>;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Resolves when the test releases the request: true if its client is still there to send it. */
  private holdOnTheWay(res: http.ServerResponse): Promise<boolean> {
    let hungUp = res.destroyed;
    res.once('close', () => (hungUp = true));
    return new Promise((resolve) => {
      const letGo = () => {
        this.held.delete(letGo);
        resolve(!hungUp && !res.socket?.destroyed);
      };
      this.held.add(letGo);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, status: 0 };
    const requestId = url.searchParams.get('requestId');
    if (requestId) record.requestId = requestId;
    this.requests.push(record);
    res.on('finish', () => {
      if (record.status === 0) record.status = res.statusCode;
    });

    const isStatement = url.pathname === '/queries/v1/query-request';
    const isLogin = url.pathname === '/session/v1/login-request';
    const hold = this.take('hold', (fault) => (fault.requests === 'statements' ? isStatement : fault.requests === 'logins' ? isLogin : true));
    if (hold) {
      record.held = true;
      if (!(await this.holdOnTheWay(res))) {
        record.status = 'abandoned';
        return;
      }
    }
    const slow = this.take('slow', (fault) => fault.requests !== 'statements' || isStatement);
    if (slow) await this.sleep(slow.delayMs);
    const unavailable = this.take('http5xx');
    if (unavailable) {
      const status = unavailable.status ?? 503;
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end(`<html><body>${status} Service Unavailable</body></html>`);
      return;
    }

    let body: Body;
    try {
      body = await readJsonBody(req);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      this.respondJson(res, status, { success: false, code: '000400', message: error instanceof Error ? error.message : String(error) });
      return;
    }

    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (method === 'POST' && path === '/session/v1/login-request') return this.login(url, body, res);
    if (method === 'POST' && path === '/telemetry/send') return this.respondJson(res, 200, success(null));

    if (method === 'POST' && path === '/session/token-request') return this.renew(req, body, res);
    const session = this.sessionOf(req);
    if (!session) return this.respondJson(res, 200, { success: false, code: SESSION_GONE.code, message: SESSION_GONE.message, data: null });

    if (method === 'POST' && path === '/session' && url.searchParams.get('delete') === 'true') {
      session.open = false;
      this.byToken.delete(session.token);
      return this.respondJson(res, 200, success(null));
    }
    if (method === 'POST' && path === '/session/heartbeat') return this.respondJson(res, 200, success({}));
    if (method === 'POST' && path === '/queries/v1/query-request') return this.queryRequest(session, url, body, req, res, record);
    if (method === 'POST' && path === '/queries/v1/abort-request') return this.abort(session, { requestId: body.requestId }, res);
    const byQueryId = /^\/queries\/([^/]+)\/(abort-request|result)$/.exec(path);
    if (byQueryId && method === 'POST' && byQueryId[2] === 'abort-request') return this.abort(session, { queryId: byQueryId[1] }, res);
    if (byQueryId && method === 'GET' && byQueryId[2] === 'result') return this.result(session, byQueryId[1] as string, res);
    this.respondJson(res, 404, { success: false, code: '000404', message: `the stand-in does not implement ${method} ${path}` });
  }

  private respondJson(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private sessionOf(req: http.IncomingMessage): Session | null {
    const match = /Snowflake Token="([^"]+)"/.exec(req.headers.authorization ?? '');
    const session = match ? this.byToken.get(match[1] as string) : undefined;
    return session && session.open ? session : null;
  }

  private login(url: URL, body: Body, res: http.ServerResponse): void {
    const data = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as Body;
    const loginName = data.LOGIN_NAME;
    const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
    const user = findUser(this.options.users, loginName);
    const environment = (typeof data.CLIENT_ENVIRONMENT === 'object' && data.CLIENT_ENVIRONMENT !== null ? data.CLIENT_ENVIRONMENT : {}) as Body;

    let verdict: LoginVerdict;
    if (this.take('loginFailure')) verdict = { ok: false, ...INCORRECT_CREDENTIALS, detail: 'injected login failure' };
    else if (String(data.ACCOUNT_NAME ?? '').toUpperCase() !== this.account.toUpperCase()) {
      verdict = { ok: false, ...INCORRECT_CREDENTIALS, detail: `unknown account ${String(data.ACCOUNT_NAME)}` };
    } else if (authenticator === 'SNOWFLAKE') verdict = verifyPassword(user, data.PASSWORD);
    else if (authenticator === 'SNOWFLAKE_JWT') verdict = verifyKeyPairJwt(user, this.account, data.TOKEN);
    else verdict = { ok: false, ...INCORRECT_CREDENTIALS, detail: `unsupported authenticator ${authenticator}` };

    const login: RecordedLogin = { user: typeof loginName === 'string' ? loginName : '', authenticator, ok: verdict.ok };
    if (typeof environment.APPLICATION === 'string') login.application = environment.APPLICATION;
    this.logins.push(login);
    if (!verdict.ok) {
      login.code = verdict.code;
      login.detail = verdict.detail;
      this.respondJson(res, 200, loginFailure(verdict.code, verdict.message, loginName));
      return;
    }

    const numericId = this.nextSessionId++;
    const sessionParameters = (typeof data.SESSION_PARAMETERS === 'object' && data.SESSION_PARAMETERS !== null ? data.SESSION_PARAMETERS : {}) as Body;
    const session: Session = {
      id: String(numericId),
      numericId,
      user: verdict.user.name,
      open: true,
      parameters: Object.fromEntries(Object.entries(sessionParameters).map(([key, value]) => [key.toUpperCase(), String(value)])),
      token: randomBytes(24).toString('hex'),
      masterToken: randomBytes(24).toString('hex'),
      database: url.searchParams.get('databaseName'),
      schema: url.searchParams.get('schemaName'),
      warehouse: url.searchParams.get('warehouse'),
      role: url.searchParams.get('roleName'),
    };
    this.sessions.push(session);
    this.byToken.set(session.token, session);
    login.sessionId = session.id;
    this.respondJson(
      res,
      200,
      success({
        token: session.token,
        masterToken: session.masterToken,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: numericId,
        displayUserName: session.user,
        serverVersion: 'stand-in',
        firstLogin: false,
        healthCheckInterval: 45,
        parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
        sessionInfo: { databaseName: session.database, schemaName: session.schema, warehouseName: session.warehouse, roleName: session.role },
      }),
    );
  }

  private renew(req: http.IncomingMessage, body: Body, res: http.ServerResponse): void {
    const match = /Snowflake Token="([^"]+)"/.exec(req.headers.authorization ?? '');
    const session = this.sessions.find((candidate) => candidate.open && candidate.masterToken === match?.[1]);
    if (!session || body.oldSessionToken !== session.token) {
      this.respondJson(res, 200, { success: false, code: '390114', message: 'Authentication token has expired.  The user must authenticate again.', data: null });
      return;
    }
    this.byToken.delete(session.token);
    session.token = randomBytes(24).toString('hex');
    this.byToken.set(session.token, session);
    this.respondJson(res, 200, success({ sessionToken: session.token, validityInSecondsST: 3600, masterToken: session.masterToken, validityInSecondsMT: 14400 }));
  }

  private async queryRequest(session: Session, url: URL, body: Body, req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest): Promise<void> {
    const requestId = url.searchParams.get('requestId') ?? randomUUID();
    const key = `${session.id}/${requestId}`;
    let answer = this.answers.get(key);
    const replayed = answer !== undefined;
    if (!answer) {
      answer = this.execute(session, requestId, body);
      this.remember(key, answer);
    } else {
      record.replayed = true;
    }
    const response = await answer;
    if (!replayed && this.take('dropResponse')) {
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    this.respondJson(res, 200, response);
  }

  private remember(key: string, answer: Promise<Body>): void {
    this.answers.set(key, answer);
    if (this.answers.size > MAX_REMEMBERED_ANSWERS) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
  }

  private async execute(session: Session, requestId: string, body: Body): Promise<Body> {
    const queryId = randomUUID();
    const parameters = (typeof body.parameters === 'object' && body.parameters !== null ? body.parameters : {}) as Body;
    const sqlText = typeof body.sqlText === 'string' ? body.sqlText : '';
    const statement: RecordedStatement = {
      sqlText,
      binds: [],
      queryTag: typeof parameters.QUERY_TAG === 'string' ? parameters.QUERY_TAG : (session.parameters.QUERY_TAG ?? null),
      sessionId: session.id,
      user: session.user,
      requestId,
      queryId,
      parameters,
      status: 'running',
    };
    this.statements.push(statement);
    const fail = (failure: SnowflakeFailure, status: StatementStatus = 'failed'): Body => {
      statement.status = status;
      statement.errorCode = failure.code;
      return statementFailure(failure, queryId);
    };

    if (!sqlText.trim()) return fail({ code: '000900', message: 'SQL compilation error:\nEmpty SQL statement.', sqlState: '42000' });
    try {
      statement.binds = orderedBinds(body.bindings);
    } catch (error) {
      return fail({ code: '002049', message: `SQL compilation error: ${error instanceof Error ? error.message : String(error)}`, sqlState: '42601' });
    }
    if (body.bindStage !== undefined) return fail({ code: '002049', message: 'SQL compilation error: stage binding is not supported by the stand-in', sqlState: '42601' });

    const command = parseSessionCommand(sqlText);
    if (command) {
      if (command.kind === 'set') Object.assign(session.parameters, command.parameters);
      else if (command.kind === 'unset') for (const name of command.names) delete session.parameters[name];
      else if (command.object !== 'secondary roles') session[command.object] = command.name;
      statement.status = 'succeeded';
      return success(this.resultData(statusResult('Statement executed successfully.'), queryId, session, statement.binds.length));
    }

    if (/;\s*\S/.test(sqlText)) {
      const count = await this.engine.countStatements(sqlText).catch(() => 1);
      if (count > 1) return fail(multipleStatements(count));
    }

    let values;
    try {
      values = statement.binds.map(toDuckDbValue);
    } catch (error) {
      if (error instanceof BindError) return fail({ code: '002049', message: `SQL compilation error: ${error.message}`, sqlState: '42601' });
      throw error;
    }

    const query = this.engine.start(localizeInformationSchema(sqlText), values);
    const key = `${session.id}/${requestId}`;
    this.executions.set(key, { query, queryId, sessionId: session.id });
    const timeoutSeconds = Number(parameters.STATEMENT_TIMEOUT_IN_SECONDS ?? session.parameters.STATEMENT_TIMEOUT_IN_SECONDS ?? 0);
    const timer = timeoutSeconds > 0 ? setTimeout(() => query.stop('statementTimeout'), timeoutSeconds * 1000) : null;
    try {
      const reader = await query.result;
      const encoded = encodeResult(reader, { timestampTzAs: this.options.timestampTzAs ?? 'timestamp_tz', quotedIdentifiers: quotedIdentifiersOf(sqlText) });
      statement.status = 'succeeded';
      return success(this.resultData(encoded, queryId, session, statement.binds.length));
    } catch (error) {
      if (error instanceof QueryStopped) {
        return error.reason === 'abort' ? fail(CANCELLED, 'cancelled') : fail(statementTimeout(timeoutSeconds), 'timedOut');
      }
      return fail(failureFromDuckDb(error));
    } finally {
      if (timer) clearTimeout(timer);
      this.executions.delete(key);
    }
  }

  private resultData(encoded: EncodedResult, queryId: string, session: Session, numberOfBinds: number): Body {
    return {
      parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
      rowtype: encoded.rowtype,
      rowset: encoded.rowset,
      total: encoded.rowset.length,
      returned: encoded.rowset.length,
      queryId,
      databaseProvider: null,
      finalDatabaseName: session.database,
      finalSchemaName: session.schema,
      finalWarehouseName: session.warehouse,
      finalRoleName: session.role,
      numberOfBinds,
      arrayBindSupported: false,
      statementTypeId: encoded.statementTypeId,
      version: 1,
      sendResultTime: Date.now(),
      queryResultFormat: 'json',
    };
  }

  private abort(session: Session, target: { requestId?: unknown; queryId?: string }, res: http.ServerResponse): void {
    const requestId = typeof target.requestId === 'string' ? target.requestId : undefined;
    const execution = requestId
      ? this.executions.get(`${session.id}/${requestId}`)
      : [...this.executions.values()].find((candidate) => candidate.queryId === target.queryId && candidate.sessionId === session.id);
    const abort: RecordedAbort = { sessionId: session.id, interrupted: execution !== undefined };
    if (requestId) abort.requestId = requestId;
    const queryId = target.queryId ?? execution?.queryId;
    if (queryId) abort.queryId = queryId;
    this.aborts.push(abort);
    if (!execution) {
      this.respondJson(res, 200, { success: false, code: NOT_EXECUTING.code, message: NOT_EXECUTING.message, data: null });
      return;
    }
    execution.query.stop('abort');
    this.respondJson(res, 200, success(null));
  }

  private async result(session: Session, queryId: string, res: http.ServerResponse): Promise<void> {
    const statement = this.statements.find((candidate) => candidate.queryId === queryId && candidate.sessionId === session.id);
    const answer = statement ? this.answers.get(`${session.id}/${statement.requestId}`) : undefined;
    if (!answer) {
      this.respondJson(res, 200, { success: false, code: '000709', message: `Statement ${queryId} not found`, data: null });
      return;
    }
    this.respondJson(res, 200, await answer);
  }
}

async function readJsonBody(req: http.IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  let raw = Buffer.concat(chunks);
  // The driver gzips bodies when its compression finishes before the request leaves, and says so
  // in a header only sometimes: trust the magic bytes.
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  const text = raw.toString('utf8').trim();
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HttpError(400, 'the request body must be a JSON object');
  return parsed as Body;
}
