/**
 * `ALTER SESSION …` and `USE …` change session state in Snowflake; the stand-in accepts them as
 * no-ops on DuckDB but keeps the parameters they set (QUERY_TAG, STATEMENT_TIMEOUT_IN_SECONDS).
 */
export type SessionCommand =
  | { kind: 'set'; parameters: Record<string, string> }
  | { kind: 'unset'; names: string[] }
  | { kind: 'use'; object: 'role' | 'warehouse' | 'database' | 'schema' | 'secondary roles'; name: string };

export function parseSessionCommand(sqlText: string): SessionCommand | null {
  const text = sqlText.trim().replace(/;\s*$/, '');
  const set = /^ALTER\s+SESSION\s+SET\s+([\s\S]+)$/i.exec(text);
  if (set) {
    const parameters: Record<string, string> = {};
    for (const match of (set[1] as string).matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*=\s*('(?:[^']|'')*'|[^,\s]+)/g)) {
      const raw = match[2] as string;
      parameters[(match[1] as string).toUpperCase()] = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
    }
    return { kind: 'set', parameters };
  }
  const unset = /^ALTER\s+SESSION\s+UNSET\s+([\s\S]+)$/i.exec(text);
  if (unset) {
    return { kind: 'unset', names: (unset[1] as string).split(',').map((name) => name.trim().toUpperCase()).filter(Boolean) };
  }
  const use = /^USE\s+(?:(ROLE|WAREHOUSE|DATABASE|SCHEMA|SECONDARY\s+ROLES)\s+)?(\S+)$/i.exec(text);
  if (use) {
    const object = (use[1] ?? 'database').toLowerCase().replace(/\s+/, ' ') as 'role' | 'warehouse' | 'database' | 'schema' | 'secondary roles';
    return { kind: 'use', object, name: use[2] as string };
  }
  return null;
}
