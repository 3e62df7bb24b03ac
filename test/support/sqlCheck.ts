import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Checks that statements parse as Snowflake SQL, with sqlglot's Snowflake dialect (Debian package
 * python3-sqlglot). Pulse writes its SQL in a subset DuckDB and Snowflake both accept; DuckDB runs
 * it in tests, and this check stands in for Snowflake's parser. `?` placeholders parse as they are.
 */

export interface SqlCheckFailure {
  statement: string;
  error: string;
}

export interface SqlCheckResult {
  sqlglotVersion: string;
  failures: SqlCheckFailure[];
}

const SCRIPT = path.join(__dirname, 'sqlglotCheck.py');

/** Debian's python3 (where python3-sqlglot installs) first: a pyenv `python3` may not see it. */
function pythonExecutable(): string {
  const configured = process.env.PULSE_SQLGLOT_PYTHON;
  if (configured) return configured;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Parses every statement in one python3 process and returns the ones that fail, with sqlglot's error. */
export async function checkSnowflakeSql(statements: readonly string[]): Promise<SqlCheckResult> {
  // End-to-end runs repeat the same statements many times: each distinct one is parsed (and reported) once.
  const distinct = [...new Set(statements)];
  const python = pythonExecutable();
  const { code, stdout, stderr } = await run(python, [SCRIPT], JSON.stringify(distinct));
  if (code === 3) throw new Error(`sqlglot is missing: ${stderr.trim()}`);
  if (code !== 0) throw new Error(`the sqlglot check could not run (${python} exited with ${String(code)}): ${stderr.trim() || stdout.trim()}`);
  const parsed = JSON.parse(stdout) as { sqlglot: string; failures: Array<{ index: number; error: string }> };
  return {
    sqlglotVersion: parsed.sqlglot,
    failures: parsed.failures.map((failure) => ({ statement: distinct[failure.index] ?? '', error: failure.error })),
  };
}

/** Throws one error naming every statement that does not parse as Snowflake SQL. */
export async function assertParsesAsSnowflake(statements: readonly string[]): Promise<void> {
  const { failures, sqlglotVersion } = await checkSnowflakeSql(statements);
  if (failures.length === 0) return;
  const report = failures.map((failure, n) => `${n + 1}. ${oneLine(failure.statement)}\n   ${failure.error.replace(/\n/g, '\n   ')}`).join('\n');
  const distinct = new Set(statements).size;
  throw new Error(`${failures.length} of ${distinct} distinct statements do not parse as Snowflake SQL (sqlglot ${sqlglotVersion}):\n${report}`);
}

function oneLine(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function run(command: string, args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => reject(new Error(`could not start ${command} for the sqlglot check: ${error.message}`)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
