/** One sentence about a failed Slack call, for logs and the audit trail; never a token or a stack. */
export function describeSlackError(error: unknown): string {
  if (error && typeof error === 'object') {
    const record = error as { code?: unknown; data?: { error?: unknown }; message?: unknown };
    const slackError = record.data && typeof record.data.error === 'string' ? record.data.error : null;
    const code = typeof record.code === 'string' ? record.code : null;
    const message = typeof record.message === 'string' ? record.message : null;
    const text = [code, slackError, message].filter(Boolean).join(': ');
    if (text) return text.replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[redacted]').slice(0, 300);
  }
  return String(error).slice(0, 300);
}
