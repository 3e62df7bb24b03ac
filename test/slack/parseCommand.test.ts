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
    expect(parseCommand('stauts')).toEqual({ kind: 'help', unknown: 'stauts', problem: '"stauts" is not a /fivetran command.', suggestions: ['status'] });
    expect(parseCommand('xyzzy')).toMatchObject({ kind: 'help', suggestions: [] });
  });

  it('turns a missing or extra argument into that subcommand\'s usage, saying what was extra', () => {
    expect(parseCommand('tenant')).toEqual({ kind: 'usage', subcommand: 'tenant', missing: true, extra: [], maxArgs: 1 });
    expect(parseCommand('watch')).toEqual({ kind: 'usage', subcommand: 'watch', missing: true, extra: [], maxArgs: 1 });
    expect(parseCommand('mar now please')).toEqual({ kind: 'usage', subcommand: 'mar', missing: false, extra: ['now', 'please'], maxArgs: 0 });
    expect(parseCommand('status hubspot_acme globex_s3')).toEqual({ kind: 'usage', subcommand: 'status', missing: false, extra: ['globex_s3'], maxArgs: 1 });
    expect(parseCommand('Schema-Changes x y')).toMatchObject({ kind: 'usage', subcommand: 'schema', extra: ['y'] });
  });

  it('reads help <command> as that command, aliases included, and an unknown one as unknown', () => {
    expect(parseCommand('help tenant')).toEqual({ kind: 'help', topic: 'tenant', suggestions: [] });
    expect(parseCommand('help SCHEMA-CHANGES')).toEqual({ kind: 'help', topic: 'schema', suggestions: [] });
    expect(parseCommand('help stauts')).toEqual({ kind: 'help', unknown: 'stauts', problem: '"stauts" is not a /fivetran command.', suggestions: ['status'] });
  });

  it('survives hostile and huge input', () => {
    expect(parseCommand('<script>alert(1)</script>')).toMatchObject({ kind: 'help' });
    const long = parseCommand(`status ${'x'.repeat(100_000)}`);
    expect(long).toEqual({ kind: 'run', subcommand: 'status', args: ['x'.repeat(200)] });
    expect(parseCommand('status a b c d e f g h i j k l m')).toEqual({ kind: 'usage', subcommand: 'status', missing: false, extra: ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], maxArgs: 1 });
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
