import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BadInput } from '../../src/cli/badInput';
import { ConfigError } from '../../src/config/loadConfig';
import { ERROR_CODES, isPulseErrorCode } from '../../src/errors/codes';
import { isPulseError, type PulseError } from '../../src/errors/pulseError';
import { UnknownConnectionError } from '../../src/fivetran/analysis/readApiCalls';
import { FivetranApiError } from '../../src/live/fivetranApiError';
import { DemoFileExistsError, DemoOptionsError } from '../../src/demo';
import { InteractionError, StandInOptionsError } from '../../src/preview/standin';
import { BodyTooLargeError } from '../../src/preview/standin/requestBody';
import { SavedWorkspaceError } from '../../src/preview/standin/savedWorkspace';
import { WarehouseError } from '../../src/warehouse/errors';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('the error catalogue', () => {
  it('is the README\'s table of error codes, code for code', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? '';
    const documented = [...section.matchAll(/^\| `(PULSE_[A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented).toEqual([...ERROR_CODES]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('holds no code that nothing in Pulse gives', () => {
    const source = sourceFiles(path.join(ROOT, 'src'))
      .filter((file) => !file.endsWith(path.join('errors', 'codes.ts')))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(ERROR_CODES.filter((code) => !source.includes(`'${code}'`))).toEqual([]);
  });

  it('is where every error class of Pulse takes its code: none extends Error but PulseError', () => {
    const others = sourceFiles(path.join(ROOT, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/class (\w+)(?:<[^>]*>)? extends (\w+)/g)]
        .filter(([, , base]) => /^(Error|RangeError|TypeError)$/.test(base as string))
        .map(([, name]) => `${path.relative(ROOT, file)}: ${name}`),
    );
    expect(others).toEqual(['src/errors/pulseError.ts: PulseError']);
  });

  it('gives each error a stable code and keeps what it stands for as its cause', () => {
    const cause = new Error('the original');
    const errors: Array<[PulseError, string]> = [
      [new ConfigError([{ variable: 'PORT', expected: 'a port', got: '"x"' }]), 'PULSE_CONFIG_INVALID'],
      [new WarehouseError('PULSE_WAREHOUSE_SQL', 'rejected', { cause }), 'PULSE_WAREHOUSE_SQL'],
      [new BadInput('--days expects a whole number', { cause }), 'PULSE_INPUT_INVALID'],
      [new UnknownConnectionError('nope'), 'PULSE_INPUT_UNKNOWN_CONNECTION'],
      [new DemoOptionsError('days must be a whole number'), 'PULSE_INPUT_DEMO_OPTIONS'],
      [new DemoFileExistsError('/tmp/demo.duckdb', { cause }), 'PULSE_DEMO_FILE_EXISTS'],
      [new StandInOptionsError(['botToken is required']), 'PULSE_PREVIEW_OPTIONS'],
      [new InteractionError('unknown channel C1'), 'PULSE_PREVIEW_INTERACTION'],
      [new BodyTooLargeError(), 'PULSE_PREVIEW_BODY_TOO_LARGE'],
      [new SavedWorkspaceError('it is not JSON', { cause }), 'PULSE_PREVIEW_WORKSPACE_UNREADABLE'],
      [new FivetranApiError('PULSE_FIVETRAN_OUTCOME_UNKNOWN', 'Pulse asked Fivetran to start a sync of abc, but it did not answer', { cause }), 'PULSE_FIVETRAN_OUTCOME_UNKNOWN'],
    ];
    for (const [error, code] of errors) {
      expect({ name: error.name, code: error.code }).toEqual({ name: error.name, code });
      expect(error).toBeInstanceOf(Error);
      expect(isPulseErrorCode(error.code)).toBe(true);
      expect(isPulseError(error)).toBe(true);
    }
    expect(errors.filter(([error]) => error.cause !== undefined).map(([error]) => error.cause)).toEqual([cause, cause, cause, cause, cause]);
  });
});
