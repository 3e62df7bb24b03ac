import type { Tenant } from '../fivetran/types';

const isAlphanumeric = (char: string | undefined) => char !== undefined && /[a-z0-9]/i.test(char);

/** True when `token` appears in `text` bounded by the start, the end or a non-alphanumeric character. */
function containsWholeToken(text: string, token: string): boolean {
  if (token === '') return false;
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    if (!isAlphanumeric(text[at - 1]) && !isAlphanumeric(text[at + token.length])) return true;
  }
  return false;
}

/**
 * The tenant a connection belongs to: the one whose tenant_id appears in its name as a whole token,
 * case-insensitively; the longest id wins (so `acme_eu_pg` is acme_eu's, not acme's), ties go to
 * the alphabetically first id so the answer never depends on table order.
 */
export function matchTenant(connectionName: string, tenants: readonly Tenant[]): Tenant | null {
  const name = connectionName.toLowerCase();
  let best: Tenant | null = null;
  for (const tenant of tenants) {
    const id = tenant.tenantId.toLowerCase();
    if (!containsWholeToken(name, id)) continue;
    if (
      best === null ||
      id.length > best.tenantId.length ||
      (id.length === best.tenantId.length && id < best.tenantId.toLowerCase())
    ) {
      best = tenant;
    }
  }
  return best;
}

/** Finds a tenant by id, case-insensitively. */
export function findTenant(tenantId: string, tenants: readonly Tenant[]): Tenant | null {
  const wanted = tenantId.trim().toLowerCase();
  return tenants.find((t) => t.tenantId.toLowerCase() === wanted) ?? null;
}
