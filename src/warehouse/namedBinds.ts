import type { Bind } from './types';

/**
 * Lets long statements name their parameters (`{from}`) while both engines still receive plain
 * positional `?` binds, so a reordered clause can never silently shift a value.
 */
export function bindNamed(sql: string, values: Record<string, Bind>): { sql: string; binds: Bind[] } {
  const binds: Bind[] = [];
  const text = sql.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (_match, name: string) => {
    if (!(name in values)) throw new Error(`no value for the statement parameter {${name}}`);
    binds.push(values[name] as Bind);
    return '?';
  });
  return { sql: text, binds };
}
