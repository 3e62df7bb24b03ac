import { mentionsFor } from '../../src/alerts/mentions';
import { alertRulesSchema, EMPTY_RULES } from '../../src/config/loadAlertRules';

const incident = (severity: 'critical' | 'warning', tenantId: string | null = null, connectionId: string | null = null) => ({ severity, tenantId, connectionId });

describe('who posts and reminders mention', () => {
  it('is ALERT_MENTION for critical incidents only, and nobody when it is unset', () => {
    const mention = mentionsFor(EMPTY_RULES, '<!subteam^S0OPS>');
    expect(mention(incident('critical', 'acme', 'c1'))).toBe('<!subteam^S0OPS>');
    expect(mention(incident('warning', 'acme', 'c1'))).toBeNull();
    expect(mentionsFor(EMPTY_RULES, null)(incident('critical'))).toBeNull();
  });

  it('is set per severity globally, per tenant and per connection in the rules file, the most specific winning', () => {
    const rules = alertRulesSchema.parse({
      defaults: { mention: { warning: '<@U0DEFAULT>' } },
      tenants: { acme: { mention: { critical: '<!subteam^S0ACME|acme-data>' } }, quiet: { mention: { critical: null, warning: null } } },
      connections: { loud: { mention: { critical: '<@U0OWNER> <!subteam^S0ACME>' } } },
    });
    const mention = mentionsFor(rules, '<!subteam^S0OPS>');
    expect(mention(incident('critical', 'acme', 'c1'))).toBe('<!subteam^S0ACME|acme-data>');
    expect(mention(incident('warning', 'acme', 'c1'))).toBe('<@U0DEFAULT>');
    expect(mention(incident('critical', 'globex', 'c2'))).toBe('<!subteam^S0OPS>');
    expect(mention(incident('critical', 'quiet', 'c3'))).toBeNull();
    expect(mention(incident('warning', 'quiet', 'c3'))).toBeNull();
    expect(mention(incident('critical', 'acme', 'loud'))).toBe('<@U0OWNER> <!subteam^S0ACME>');
    // Stale monitoring data belongs to no tenant: the defaults speak.
    expect(mention(incident('critical'))).toBe('<!subteam^S0OPS>');
  });

  it('accepts only mentions of user groups and people in the rules file, naming where a bad one is', () => {
    for (const bad of ['<!here>', '<!channel>', 'data team', '<https://evil.example|x>']) {
      const parsed = alertRulesSchema.safeParse({ tenants: { acme: { mention: { critical: bad } } } });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path.join('.')).toBe('tenants.acme.mention.critical');
    }
    expect(alertRulesSchema.safeParse({ defaults: { mention: { fatal: '<@U1>' } } }).success).toBe(false);
  });
});
