import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from './httpReply';
import { MAX_STANDIN_FILE_BYTES, type FileStore } from './files';

/**
 * The HTTP side of files: the upload URL files.getUploadURLExternal hands out (raw bytes, or a
 * multipart form with one file, as Slack accepts both), and the files themselves, for the page.
 */

/** Room for a multipart form's headers and boundaries around the largest file. */
const MAX_UPLOAD_BODY = MAX_STANDIN_FILE_BYTES + 64 * 1024;

function readBytes(request: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The first file part of a multipart/form-data body (or the first part, when none names a file). */
export function multipartFile(body: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return undefined;
  const delimiter = Buffer.from(`--${marker}`);
  const parts: Array<{ headers: string; content: Buffer }> = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headerStart = start + delimiter.length + 2;
    const next = body.indexOf(delimiter, headerStart);
    if (next === -1) break;
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd !== -1 && headerEnd < next) {
      // The part's content ends with the CRLF before the next delimiter.
      parts.push({ headers: body.subarray(headerStart, headerEnd).toString('utf8'), content: body.subarray(headerEnd + 4, next - 2) });
    }
    start = next;
  }
  return (parts.find((part) => /filename=/i.test(part.headers)) ?? parts[0])?.content;
}

/** Answers /upload/v1/<token> and /files/<id>/<name>; false for any other path. */
export async function handleFileRoute(request: IncomingMessage, response: ServerResponse, path: string, files: FileStore): Promise<boolean> {
  const upload = /^\/upload\/v1\/([a-f0-9]+)$/.exec(path);
  if (upload?.[1] && request.method === 'POST') {
    const body = await readBytes(request, MAX_UPLOAD_BODY);
    if (body === 'too_large') {
      sendText(response, 413, 'file too large');
      return true;
    }
    const type = request.headers['content-type'] ?? '';
    const bytes = /^multipart\/form-data/i.test(type) ? multipartFile(body, type) : body;
    if (!bytes) {
      sendText(response, 400, 'the multipart form holds no file');
      return true;
    }
    const received = files.receive(upload[1], bytes);
    sendText(response, received.ok ? 200 : received.status, received.ok ? `OK - ${received.size}` : received.reason);
    return true;
  }
  const served = /^\/files\/(F[A-Z0-9]+)(?:\/[^/]*)?$/.exec(path);
  if (served?.[1] && (request.method === 'GET' || request.method === 'HEAD')) {
    const found = files.file(served[1]);
    if (!found) {
      sendText(response, 404, 'no such file');
      return true;
    }
    response.writeHead(200, {
      'content-type': found.file.mimetype,
      'content-length': found.bytes.length,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : found.bytes);
    return true;
  }
  return false;
}
