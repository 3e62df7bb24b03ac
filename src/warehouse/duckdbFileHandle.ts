import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Logger } from '../log/logger';
import { messageOf } from '../errors/messageOf';
import { formatSeconds, type Deadline } from './deadline';
import { WarehouseError } from './errors';

/**
 * DuckDB lets one process at a time hold a database file (a second process cannot open it, not
 * even read-only), yet the server and the CLI must both work on the same file. So a file is open
 * only while queries run in this process, plus a short idle period, and a process that finds it
 * locked waits its turn until its query's deadline.
 */
export interface DuckDbHandle {
  /** Opens (or reuses) the instance for one query; pair every successful call with {@link release}. */
  acquire(deadline: Deadline): Promise<DuckDBInstance>;
  release(): void;
  /** One user of the handle is done with it; the instance closes once nobody uses it. */
  retire(): Promise<void>;
}

export interface DuckDbHandleOptions {
  idleCloseMs: number;
  logger: Logger;
  /**
   * DuckDB's memory_limit, in its own syntax (1GB, 512MB, 2GiB). It belongs to the instance, so
   * every warehouse on one file in a process gets the limit of the first one that opened it.
   */
  memoryLimit: string;
}

const MEMORY = ':memory:';
/** What an idle instance's memory limit is lowered to before it closes: DuckDB lets go of its buffers beyond it. */
const RELEASED_MEMORY_LIMIT = '16MB';
/** In one process, every warehouse on a file shares one instance: two instances on one file corrupt it. */
const openFiles = new Map<string, FileHandle>();

export function acquireDuckDbHandle(location: string, options: DuckDbHandleOptions): DuckDbHandle {
  if (location === MEMORY) return new MemoryHandle(options.memoryLimit);
  const key = path.resolve(location);
  let handle = openFiles.get(key);
  if (handle && handle.memoryLimit !== options.memoryLimit) {
    options.logger.warn({ path: key, memoryLimit: handle.memoryLimit, asked: options.memoryLimit }, 'the DuckDB file is already open in this process with another memory limit; keeping that one');
  }
  if (!handle) {
    const created = new FileHandle(key, options, () => {
      if (openFiles.get(key) === created) openFiles.delete(key);
    });
    openFiles.set(key, created);
    handle = created;
  }
  handle.users += 1;
  return handle;
}

/** Matches DuckDB's "Could not set lock on file … Conflicting lock is held in … (PID n)". */
export function isLockConflict(error: unknown): boolean {
  return /could not set lock|conflicting lock/i.test(messageOf(error));
}

function lockHolder(error: unknown): string {
  const pid = /\(PID (\d+)\)/.exec(messageOf(error))?.[1];
  return pid ? `process ${pid}` : 'another process';
}

function heldByOther(file: string, conflict: unknown): WarehouseError {
  return new WarehouseError(
    'PULSE_WAREHOUSE_UNAVAILABLE',
    `another Pulse process (${lockHolder(conflict)}) holds the DuckDB file ${file} and did not let go in time; DuckDB lets one process use a file at a time, so try again when it is idle`,
    { cause: conflict },
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An in-memory database spills to `.tmp` in the working directory by default: inside the repository
 * for tests, and shared by every in-memory instance of the process, whose temporary files would
 * collide. Each gets a folder of its own under the system's temporary directory instead; DuckDB
 * creates it when it first spills and removes it on close.
 */
function memorySpillFolder(): string {
  return path.join(os.tmpdir(), `pulse-duckdb-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

class MemoryHandle implements DuckDbHandle {
  private instance: Promise<DuckDBInstance> | null = null;
  private inFlight = 0;
  private drained: (() => void) | null = null;

  constructor(private readonly memoryLimit: string) {}

  async acquire(): Promise<DuckDBInstance> {
    this.inFlight += 1;
    try {
      this.instance ??= DuckDBInstance.create(MEMORY, { memory_limit: this.memoryLimit, temp_directory: memorySpillFolder() });
      return await this.instance;
    } catch (error) {
      this.instance = null;
      this.release();
      throw new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `could not start the in-memory DuckDB database: ${firstLine(error)}`, { cause: error });
    }
  }

  release(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.drained?.();
  }

  async retire(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    const instance = this.instance;
    this.instance = null;
    if (instance) (await instance.catch(() => null))?.closeSync();
  }
}

class FileHandle implements DuckDbHandle {
  users = 0;
  private instance: DuckDBInstance | null = null;
  private opening: Promise<DuckDBInstance> | null = null;
  private inFlight = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /** The idle close under way: a query that comes meanwhile opens the file again once it is done. */
  private closing: Promise<void> | null = null;
  private drainWaiters: Array<() => void> = [];
  /** The lock conflict the opening under way last met, to name the holder to whoever gives up. */
  private conflict: unknown = null;

  constructor(
    private readonly file: string,
    private readonly options: DuckDbHandleOptions,
    private readonly forget: () => void,
  ) {}

  get memoryLimit(): string {
    return this.options.memoryLimit;
  }

  async acquire(deadline: Deadline): Promise<DuckDBInstance> {
    this.inFlight += 1;
    this.cancelIdleClose();
    try {
      for (;;) {
        if (this.closing) await deadline.race(this.closing, () => this.gaveUp(deadline));
        if (this.instance) return this.instance;
        // Concurrent queries share one opening attempt, bounded by the deadline of whoever started
        // it; each caller still waits no longer than its own deadline…
        this.opening ??= this.open(deadline).finally(() => {
          this.opening = null;
          this.conflict = null;
        });
        try {
          return await deadline.race(this.opening, () => this.gaveUp(deadline));
        } catch (error) {
          // …and a caller with a later deadline keeps waiting for its turn on its own.
          const gaveUpWaiting = error instanceof WarehouseError && isLockConflict(error.cause);
          if (!gaveUpWaiting || deadline.passed) throw error;
        }
      }
    } catch (error) {
      this.release();
      throw error;
    }
  }

  release(): void {
    this.inFlight -= 1;
    if (this.inFlight > 0) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
    if (this.users === 0) this.closeNow();
    else this.scheduleIdleClose();
  }

  async retire(): Promise<void> {
    this.users -= 1;
    if (this.users > 0) return;
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    // Closed means released: whoever opens the file next, in this process or another, finds it free.
    // An opening whose callers gave up may still be under way (until their deadline): what it opens is closed too.
    if (this.opening) await this.opening.catch(() => undefined);
    if (this.closing) await this.closing;
    if (this.users === 0 && this.inFlight === 0) this.closeNow();
  }

  /** What a caller whose deadline passed while another caller's opening was under way is told. */
  private gaveUp(deadline: Deadline): WarehouseError {
    if (this.conflict) return heldByOther(this.file, this.conflict);
    return new WarehouseError('PULSE_WAREHOUSE_TIMEOUT', `the DuckDB file ${this.file} did not open within ${formatSeconds(deadline.ms)} s`, { deadlineSeconds: deadline.seconds });
  }

  private async open(deadline: Deadline): Promise<DuckDBInstance> {
    let delay = 25;
    let waited = false;
    for (;;) {
      try {
        // DuckDB spills beyond the limit to `<file>.tmp` beside the file (read-only too) and removes it on close.
        const instance = await DuckDBInstance.create(this.file, { memory_limit: this.options.memoryLimit });
        if (waited) this.options.logger.debug({ path: this.file }, 'DuckDB file released by the other process; opened it');
        this.instance = instance;
        return instance;
      } catch (error) {
        if (!isLockConflict(error)) {
          throw new WarehouseError('PULSE_WAREHOUSE_UNAVAILABLE', `could not open the DuckDB file ${this.file}: ${firstLine(error)}`, { cause: error });
        }
        this.conflict = error;
        const remaining = deadline.remaining();
        if (remaining <= 0) throw heldByOther(this.file, error);
        if (!waited) this.options.logger.debug({ path: this.file, holder: lockHolder(error) }, 'DuckDB file is held by another process; waiting for its turn');
        waited = true;
        // Jitter keeps two waiting processes from retrying in lockstep.
        await sleep(Math.min(remaining, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 250);
        // Nobody waits for an opening past its deadline: one that succeeded then would hold the file for no one.
        if (deadline.remaining() <= 0) throw heldByOther(this.file, error);
      }
    }
  }

  private scheduleIdleClose(): void {
    this.cancelIdleClose();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.inFlight === 0 && this.instance && !this.closing) {
        this.closing = this.closeQuietly(this.instance).finally(() => (this.closing = null));
      }
    }, this.options.idleCloseMs);
    // An idle file must never keep the process alive; exiting releases the lock anyway.
    this.idleTimer.unref();
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /**
   * Closing an instance frees its buffers on the calling thread: after a large read, tens of
   * milliseconds or more (80 ms after a full read of 10,000 connections) during which the event
   * loop, and so every Slack ack, waits. So the buffers are written and let go first, by statements
   * that run on DuckDB's own threads, and only what is left is closed in place. Nothing uses the
   * instance meanwhile: it is no longer handed out, and a query that comes waits for the close and
   * opens the file again.
   */
  private async closeQuietly(instance: DuckDBInstance): Promise<void> {
    this.instance = null;
    try {
      const connection = await instance.connect();
      try {
        await connection.run('CHECKPOINT');
        await connection.run(`SET memory_limit = '${RELEASED_MEMORY_LIMIT}'`);
      } finally {
        connection.closeSync();
      }
    } catch (error) {
      // Only the close's own cost is at stake: it frees what is left itself.
      this.options.logger.debug({ path: this.file, err: error }, 'could not free the DuckDB buffers before closing the file');
    }
    this.closeSync(instance);
  }

  private closeNow(): void {
    this.cancelIdleClose();
    this.closeInstance();
    this.forget();
  }

  private closeInstance(): void {
    const instance = this.instance;
    this.instance = null;
    if (instance) this.closeSync(instance);
  }

  private closeSync(instance: DuckDBInstance): void {
    try {
      instance.closeSync();
    } catch (error) {
      this.options.logger.warn({ path: this.file, err: error }, 'closing the DuckDB file failed');
    }
  }
}

export function firstLine(error: unknown): string {
  const message = messageOf(error);
  return message.split('\n')[0] ?? message;
}
