import fs from 'node:fs/promises';
import path from 'node:path';

import { parseSavedWorkspace, type SavedWorkspace } from './savedWorkspace';
import type { StandInChange, WorkspacePersistence } from './types';

const DEFAULT_DEBOUNCE_MS = 250;

/** Changes that alter what is saved; views and the app's connection are not kept. */
const SAVED_KINDS = new Set<StandInChange['kind']>(['channel_created', 'message_posted', 'message_updated', 'message_deleted', 'command_sent', 'workspace_reset']);

export function changesSavedState(change: StandInChange): boolean {
  return SAVED_KINDS.has(change.kind);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The workspace an earlier run saved, or undefined when there is none. A file that cannot be read
 * or is not a saved workspace is reported and moved aside (kept for a person to look at, never
 * overwritten), and the workspace starts empty.
 */
export async function loadWorkspaceFile(options: WorkspacePersistence, now: () => number = Date.now): Promise<{ saved?: SavedWorkspace; writable: boolean }> {
  const file = path.resolve(options.file);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { writable: true };
    return setAside(file, `it could not be read (${reasonOf(error)})`, options, now);
  }
  try {
    return { saved: parseSavedWorkspace(text), writable: true };
  } catch (error) {
    return setAside(file, reasonOf(error), options, now);
  }
}

async function setAside(file: string, reason: string, options: WorkspacePersistence, now: () => number): Promise<{ writable: boolean }> {
  const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.unreadable-${stamp}`;
  try {
    await fs.rename(file, aside);
    options.onProblem?.({ kind: 'unreadable', file, reason, movedTo: aside });
    return { writable: true };
  } catch (error) {
    // Left where it is, so it must not be overwritten either: this run keeps its workspace in memory only.
    options.onProblem?.({ kind: 'unreadable', file, reason: `${reason}; it could not be moved aside (${reasonOf(error)}), so this run saves nothing` });
    return { writable: false };
  }
}

/**
 * Writes the workspace to its file a moment after it changes (a burst of changes is one write),
 * atomically: a temporary file next to it, then a rename, so a crash leaves the old file or the
 * new one, never half of one.
 */
export class WorkspaceFileWriter {
  private readonly file: string;
  private readonly debounceMs: number;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private writing: Promise<void> | null = null;
  private lastProblem: string | null = null;

  constructor(
    private readonly options: WorkspacePersistence,
    private readonly snapshot: () => SavedWorkspace,
  ) {
    this.file = path.resolve(options.file);
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.writePending();
    }, this.debounceMs);
    // Never what keeps a process alive: shutting down flushes.
    this.timer.unref();
  }

  /** Writes what changed, now, and resolves once it is on disk (or reported as failed). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.writePending();
  }

  private async writePending(): Promise<void> {
    // One write at a time; changes made during a write are written by the next turn of the loop.
    while (this.writing || this.dirty) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      this.dirty = false;
      this.writing = this.write().finally(() => (this.writing = null));
    }
  }

  private async write(): Promise<void> {
    const text = `${JSON.stringify(this.snapshot())}\n`;
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      const handle = await fs.open(temporary, 'w');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, this.file);
      this.lastProblem = null;
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      const reason = reasonOf(error);
      // Said once until it works again, not on every message.
      if (reason !== this.lastProblem) this.options.onProblem?.({ kind: 'write_failed', file: this.file, reason });
      this.lastProblem = reason;
    }
  }
}
