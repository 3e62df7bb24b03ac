import { randomBytes } from 'node:crypto';
import type { SharedFile } from './types';

/**
 * Files as Slack keeps them for files.uploadV2: a ticket from files.getUploadURLExternal, the bytes
 * posted to the ticket's URL, then files.completeUploadExternal, which makes the file and may share
 * it in a channel. Shared files are kept with the workspace, so a message still shows its image
 * after a restart.
 */

/** Slack's own limit for one file. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/** What the stand-in holds in memory and in its file for one upload: far more than a chart needs. */
export const MAX_STANDIN_FILE_BYTES = 20 * 1024 * 1024;
/** Slack refuses longer alt text (alt_txt_too_large). */
export const MAX_ALT_TEXT = 1000;

interface Ticket {
  id: string;
  token: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
}

interface StoredFile {
  file: SharedFile;
  bytes: Buffer;
}

/** A shared file as the workspace file keeps it. */
export interface SavedFile extends SharedFile {
  /** The bytes, in base64. */
  data: string;
}

const TYPES: Record<string, { mimetype: string; filetype: string }> = {
  png: { mimetype: 'image/png', filetype: 'png' },
  jpg: { mimetype: 'image/jpeg', filetype: 'jpg' },
  jpeg: { mimetype: 'image/jpeg', filetype: 'jpg' },
  gif: { mimetype: 'image/gif', filetype: 'gif' },
  csv: { mimetype: 'text/csv', filetype: 'csv' },
  txt: { mimetype: 'text/plain', filetype: 'text' },
};

function typeOf(filename: string): { mimetype: string; filetype: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return TYPES[extension] ?? { mimetype: 'application/octet-stream', filetype: 'binary' };
}

export type TicketResult = { ok: true; fileId: string; token: string } | { ok: false; error: string; messages?: string[] };
export type ReceiveResult = { ok: true; size: number } | { ok: false; status: 404 | 400 | 413; reason: string };
export type CompleteResult = { ok: true; file: SharedFile } | { ok: false; error: 'file_not_found' | 'file_upload_not_completed' };

export class FileStore {
  private readonly tickets = new Map<string, Ticket>();
  private readonly files = new Map<string, StoredFile>();

  constructor(
    /** Where url_private points: the stand-in's address, known once it listens. */
    private readonly baseUrl: () => string,
    saved: readonly SavedFile[] = [],
  ) {
    for (const { data, ...file } of saved) this.files.set(file.id, { file, bytes: Buffer.from(data, 'base64') });
  }

  /** files.getUploadURLExternal's checks, then a ticket for one upload. */
  open(filename: unknown, length: unknown, altText: unknown): TicketResult {
    if (typeof filename !== 'string' || filename.trim() === '') return { ok: false, error: 'invalid_arguments', messages: ['[ERROR] missing required field: filename'] };
    if (length === undefined || length === '') return { ok: false, error: 'invalid_arguments', messages: ['[ERROR] missing required field: length'] };
    const size = Number(length);
    if (!Number.isInteger(size) || size < 0) return { ok: false, error: 'invalid_arguments', messages: ['[ERROR] length must be a whole number of bytes'] };
    // Slack's answer to a length of 0.
    if (size === 0) return { ok: false, error: 'missing_argument' };
    if (size > MAX_FILE_BYTES) return { ok: false, error: 'file_upload_size_restricted' };
    if (size > MAX_STANDIN_FILE_BYTES) return { ok: false, error: 'file_upload_size_restricted', messages: [`[ERROR] the Slack stand-in keeps files up to ${MAX_STANDIN_FILE_BYTES} bytes`] };
    if (altText !== undefined && typeof altText === 'string' && altText.length > MAX_ALT_TEXT) return { ok: false, error: 'alt_txt_too_large' };
    const ticket: Ticket = { id: `F${randomBytes(5).toString('hex').toUpperCase()}`, token: randomBytes(16).toString('hex'), filename: filename.trim(), length: size };
    if (typeof altText === 'string' && altText !== '') ticket.altText = altText;
    this.tickets.set(ticket.id, ticket);
    return { ok: true, fileId: ticket.id, token: ticket.token };
  }

  /** The bytes posted to an upload URL: exactly as many as the ticket announced. */
  receive(token: string, bytes: Buffer): ReceiveResult {
    const ticket = [...this.tickets.values()].find((candidate) => candidate.token === token);
    if (!ticket) return { ok: false, status: 404, reason: 'no upload is waiting at this address' };
    if (bytes.length > ticket.length) return { ok: false, status: 413, reason: `${bytes.length} bytes sent, ${ticket.length} announced` };
    if (bytes.length !== ticket.length) return { ok: false, status: 400, reason: `${bytes.length} bytes sent, ${ticket.length} announced` };
    ticket.bytes = bytes;
    return { ok: true, size: bytes.length };
  }

  /** Whether files.completeUploadExternal may complete this id (checked for every file before any is made). */
  check(id: string): CompleteResult | { ok: true } {
    const ticket = this.tickets.get(id);
    if (!ticket) return { ok: false, error: 'file_not_found' };
    if (!ticket.bytes) return { ok: false, error: 'file_upload_not_completed' };
    return { ok: true };
  }

  complete(id: string, title: string | undefined): CompleteResult {
    const ticket = this.tickets.get(id);
    if (!ticket) return { ok: false, error: 'file_not_found' };
    if (!ticket.bytes) return { ok: false, error: 'file_upload_not_completed' };
    this.tickets.delete(id);
    const file: SharedFile = {
      id,
      name: ticket.filename,
      title: title?.trim() || ticket.filename,
      ...typeOf(ticket.filename),
      size: ticket.bytes.length,
      url_private: `${this.baseUrl()}/files/${id}/${encodeURIComponent(ticket.filename)}`,
    };
    if (ticket.altText !== undefined) file.alt_txt = ticket.altText;
    this.files.set(id, { file, bytes: ticket.bytes });
    return { ok: true, file };
  }

  file(id: string): { file: SharedFile; bytes: Buffer } | undefined {
    return this.files.get(id);
  }

  list(): SharedFile[] {
    return [...this.files.values()].map(({ file }) => ({ ...file }));
  }

  save(): SavedFile[] {
    return [...this.files.values()].map(({ file, bytes }) => ({ ...file, data: bytes.toString('base64') }));
  }

  clear(): void {
    this.tickets.clear();
    this.files.clear();
  }
}
