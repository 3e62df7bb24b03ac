import { channelScope, scopeAllowsTenant } from '../../src/slack/channelScope';
import { parseCommand } from '../../src/slack/parseCommand';

describe('parseCommand', () => {
  it('reads subcommands and their arguments, case-insensitively', () => {
    expect(parseCommand('status')).toEqual({ kind: 'run', subcommand: 'status', args: [] });
    expect(parseCommand('  TENANT   acme  ')).toEqual({ kind: 'run', subcommand: 'tenant', args: ['acme'] });
    expect(parseCommand('schema-changes')).toEqual({ kind: 'run', subcommand: 'schema', args: [] });
    expect(parseCommand('watch hubspot_acme')).toEqual({ kind: 'run', subcommand: 'watch', args: ['hubspot_acme'] });
  });

  it('turns empty and unknown input into help, with a suggestion when one is close', () => {
    expect(parseCommand('')).toEqual({ kind: 'help', suggestions: [] });
    expect(parseCommand('stauts')).toEqual({ kind: 'help', problem: '"stauts" is not a /fivetran command.', suggestions: ['status'] });
    expect(parseCommand('xyzzy')).toMatchObject({ kind: 'help', suggestions: [] });
  });

  it('says what is missing or extra', () => {
    expect(parseCommand('tenant')).toEqual({ kind: 'help', topic: 'tenant', problem: '/fivetran tenant needs an argument.', suggestions: [] });
    expect(parseCommand('mar now please')).toMatchObject({ kind: 'help', topic: 'mar', problem: '/fivetran mar takes no arguments.' });
  });

  it('survives hostile and huge input', () => {
    expect(parseCommand('<script>alert(1)</script>')).toMatchObject({ kind: 'help' });
    const long = parseCommand(`status ${'x'.repeat(100_000)}`);
    expect(long).toEqual({ kind: 'run', subcommand: 'status', args: ['x'.repeat(200)] });
    expect(parseCommand('status a b c d e f g h i j k l m')).toMatchObject({ kind: 'help', topic: 'status' });
    expect(parseCommand('tenant <#C0123|acme-alerts>')).toEqual({ kind: 'run', subcommand: 'tenant', args: ['acme-alerts'] });
  });
});

describe('channelScope', () => {
  const acme = { tenantId: 'acme', tenantName: 'Acme', alertChannel: '#acme-alerts' };
  const globex = { tenantId: 'globex', tenantName: 'Globex', alertChannel: 'C0GLOBEX' };
  const tenants = [acme, globex];

  it("limits a tenant's channel to that tenant, found by name or id", () => {
    expect(channelScope({ id: 'C1', name: 'acme-alerts' }, tenants, null)).toEqual({ kind: 'tenant', tenant: acme });
    expect(channelScope({ id: 'C0GLOBEX', name: 'whatever' }, tenants, ['C0GLOBEX'])).toEqual({ kind: 'tenant', tenant: globex });
  });

  it('lets every other channel see all, unless OPS_CHANNELS names where', () => {
    expect(channelScope({ id: 'C9', name: 'random' }, tenants, null)).toEqual({ kind: 'all' });
    expect(channelScope({ id: 'C9', name: 'random' }, tenants, ['#data-ops'])).toMatchObject({ kind: 'none' });
    expect(channelScope({ id: 'C9', name: 'data-ops' }, tenants, ['#data-ops'])).toEqual({ kind: 'all' });
  });

  it("allows a tenant's channel only its own tenant's alerts", () => {
    const scope = channelScope({ id: 'C1', name: 'acme-alerts' }, tenants, null);
    expect(scopeAllowsTenant(scope, 'acme')).toBe(true);
    expect(scopeAllowsTenant(scope, 'globex')).toBe(false);
    expect(scopeAllowsTenant(scope, null)).toBe(false);
    expect(scopeAllowsTenant({ kind: 'all' }, null)).toBe(true);
  });
});
