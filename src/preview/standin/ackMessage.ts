import type { MessageContent } from './messageContent';
import { readMessageContent } from './messageContent';

export interface AckMessage {
  content: MessageContent;
  inChannel: boolean;
}

/**
 * A slash command's acknowledgement may carry the first answer (`ack('…')` or `ack({text,
 * blocks})`); Slack shows it to the person who typed the command, or to everyone with
 * response_type in_channel.
 */
export function messageFromAck(status: number, body: string): AckMessage | undefined {
  if (status !== 200 || body.trim() === '') return undefined;
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    fields = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { text: body };
  } catch {
    fields = { text: body };
  }
  const content = readMessageContent(fields);
  if (!content.ok) return undefined;
  return { content: content.content, inChannel: fields.response_type === 'in_channel' };
}
