import { runInNewContext } from 'node:vm';
import { messageOf } from '../../src/errors/messageOf';

describe('messageOf', () => {
  it('reads the message of an error from another realm, where instanceof Error is false', () => {
    const foreign: unknown = runInNewContext('new Error("IO Error: could not set lock on file")');
    expect(foreign instanceof Error).toBe(false);
    expect(messageOf(foreign)).toBe('IO Error: could not set lock on file');
  });

  it('reads an error-like object, and anything else as text', () => {
    expect(messageOf({ message: 'Network error', code: 'ECONNRESET' })).toBe('Network error');
    expect(messageOf('plain text')).toBe('plain text');
    expect(messageOf(undefined)).toBe('undefined');
  });
});
