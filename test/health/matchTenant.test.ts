import type { Tenant } from '../../src/fivetran/types';
import { findTenant, matchTenant } from '../../src/health/matchTenant';
import { judge } from '../support/judge';
import { PlatformData } from '../support/platformData';

const tenant = (tenantId: string): Tenant => ({ tenantId, tenantName: tenantId.toUpperCase(), alertChannel: null });
const tenants = [tenant('acme'), tenant('acme_eu'), tenant('globex'), tenant('a.b')];
const owner = (name: string) => matchTenant(name, tenants)?.tenantId ?? null;

describe('matchTenant', () => {
  it('matches a tenant id at the start, the end or the middle of the name as a whole token', () => {
    expect(owner('acme_salesforce')).toBe('acme');
    expect(owner('hubspot_acme')).toBe('acme');
    expect(owner('stripe-acme-live')).toBe('acme');
    expect(owner('acme')).toBe('acme');
  });

  it('does not match inside a longer word', () => {
    expect(owner('acmecorp_ads')).toBeNull();
    expect(owner('notacme')).toBeNull();
    expect(owner('acme2_ads')).toBeNull();
  });

  it('prefers the longest matching tenant id', () => {
    expect(owner('acme_eu_pg')).toBe('acme_eu');
    expect(owner('pg_acme_eu')).toBe('acme_eu');
  });

  it('falls back to the shorter id when the longer one is not a whole token', () => {
    expect(owner('acme_europe')).toBe('acme');
  });

  it('is case-insensitive', () => {
    expect(owner('ACME_Salesforce')).toBe('acme');
    expect(matchTenant('globex_x', [tenant('GLOBEX')])?.tenantId).toBe('GLOBEX');
  });

  it('finds a later whole-token occurrence after an embedded one', () => {
    expect(owner('acmecorp_acme')).toBe('acme');
  });

  it('treats tenant ids with punctuation literally, not as patterns', () => {
    expect(owner('x_a.b_y')).toBe('a.b');
    expect(owner('x_aXb_y')).toBeNull();
  });

  it('leaves connections with no matching tenant unassigned', () => {
    expect(owner('fivetran_log')).toBeNull();
    expect(matchTenant('acme_x', [])).toBeNull();
  });

  it('breaks equal-length ties the same way whatever the table order', () => {
    const ab = [tenant('aaa'), tenant('bbb')];
    expect(matchTenant('aaa_bbb', ab)?.tenantId).toBe('aaa');
    expect(matchTenant('aaa_bbb', [...ab].reverse())?.tenantId).toBe('aaa');
  });
});

describe('findTenant', () => {
  it('finds by id ignoring case and surrounding space', () => {
    expect(findTenant(' ACME ', tenants)?.tenantId).toBe('acme');
    expect(findTenant('nobody', tenants)).toBeNull();
  });
});

describe('assess', () => {
  it('assigns each connection to its tenant by name', async () => {
    const data = new PlatformData().platform().connection({ id: 'a', name: 'acme_eu_pg' }).connection({ id: 'b', name: 'acmecorp_ads' });
    const tenants = [{ tenantId: 'acme', tenantName: 'Acme', alertChannel: null }, { tenantId: 'acme_eu', tenantName: 'Acme EU', alertChannel: '#acme-eu' }];
    const { assessment } = await judge(data, { tenants });
    expect(Object.fromEntries(assessment.connections.map((c) => [c.connectionId, c.tenantId]))).toEqual({ a: 'acme_eu', b: null, platform_log: null });
  });
});
