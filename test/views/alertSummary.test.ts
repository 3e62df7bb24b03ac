import type { ConnectionAssessment } from '../../src/health/types';
import { alertsWorstFirst, shortAlertSummary, shortAlertText } from '../../src/views/alertSummary';
import { worstFirst } from '../../src/views/connectionOrder';
import { HEALTH_ORDER } from '../../src/views/vocabulary/health';
import { aConnection, anAlert, minutesBefore, NOW } from '../support/fixtures/assessment';

describe('shortAlertText: one alert in a few words', () => {
  it('says each rule in words with units, its age measured at the time given', () => {
    const failed = anAlert({ rule: 'sync_failed', since: minutesBefore(NOW, 600), details: { failedAt: minutesBefore(NOW, 120) } });
    expect(shortAlertText(failed, NOW)).toBe('sync failed 2 h ago');
    expect(shortAlertText(anAlert({ rule: 'sync_failed', details: {}, since: minutesBefore(NOW, 45) }), NOW)).toBe('sync failed 45 min ago');
    expect(shortAlertText(anAlert({ rule: 'sync_delayed', severity: 'warning', since: minutesBefore(NOW, 606) }), NOW)).toBe('no success for 10 h 6 min');
    expect(shortAlertText(anAlert({ rule: 'sync_delayed', severity: 'warning', since: null }), NOW)).toBe('no successful sync yet');
    expect(shortAlertText(anAlert({ rule: 'sync_running_long', severity: 'warning', since: minutesBefore(NOW, 420) }), NOW)).toBe('running for 7 h');
    expect(shortAlertText(anAlert({ rule: 'frequent_errors', severity: 'warning', details: { errors24h: 12 } }), NOW)).toBe('12 errors in 24 h');
    expect(shortAlertText(anAlert({ rule: 'metadata_stale', connectionId: null }), NOW)).toBe('monitoring data stale');
    expect(shortAlertText(anAlert({ rule: 'setup_broken' }), NOW)).toBe('setup broken');
    expect(shortAlertText(anAlert({ rule: 'action_required', severity: 'warning' }), NOW)).toBe('action required in Fivetran');
    expect(shortAlertText(anAlert({ rule: 'sync_delayed', severity: 'warning', since: null, details: { reportedBy: 'api' } }), NOW)).toBe('delayed, says Fivetran');
  });

  it('never shows an internal name or a bare number', () => {
    for (const rule of ['sync_failed', 'sync_delayed', 'sync_running_long', 'frequent_errors', 'metadata_stale', 'setup_broken', 'action_required'] as const) {
      const text = shortAlertText(anAlert({ rule, details: { errors24h: 7, failedAt: minutesBefore(NOW, 5) } }), NOW);
      expect(text).not.toMatch(/_/);
      expect(text).not.toMatch(/\d(?! (min|h|d|errors?)\b)(?!\d)/);
    }
  });
});

describe('shortAlertSummary: a connection\'s alerts as one badge', () => {
  const failed = anAlert({ rule: 'sync_failed', severity: 'critical', details: { failedAt: minutesBefore(NOW, 120) } });
  const delayed = anAlert({ rule: 'sync_delayed', severity: 'warning', since: minutesBefore(NOW, 606), fingerprint: 'sync_delayed:broken_pipe' });
  const noisy = anAlert({ rule: 'frequent_errors', severity: 'warning', details: { errors24h: 10 }, fingerprint: 'frequent_errors:broken_pipe' });

  it('is null when nothing fires', () => {
    expect(shortAlertSummary([], NOW)).toBeNull();
  });

  it('shows the worst alert first and counts the others', () => {
    expect(shortAlertSummary([noisy, delayed, failed], NOW)).toEqual({ severity: 'critical', text: 'sync failed 2 h ago, +2 more', alerts: [failed, delayed, noisy] });
    expect(shortAlertSummary([noisy, delayed], NOW)).toMatchObject({ severity: 'warning', text: 'no success for 10 h 6 min, +1 more' });
  });

  it('puts critical before warning whatever the rule, then data that stopped before noise', () => {
    const criticalNoise = { ...noisy, severity: 'critical' as const };
    expect(alertsWorstFirst([delayed, criticalNoise]).map((a) => a.rule)).toEqual(['frequent_errors', 'sync_delayed']);
    expect(alertsWorstFirst([noisy, delayed]).map((a) => a.rule)).toEqual(['sync_delayed', 'frequent_errors']);
  });
});

describe('worstFirst: the one order of every list', () => {
  const named = (name: string, overrides: Partial<ConnectionAssessment> = {}) => aConnection({ connectionId: `id_${name}`, connectionName: name, ...overrides });

  it('orders by health, paused last, and puts connections with alerts first within their health', () => {
    const connections = [
      named('quiet_connected'),
      named('paused_one', { health: 'paused', paused: true }),
      named('late_connected'),
      named('failing', { health: 'broken' }),
      named('first_sync', { health: 'initial_sync' }),
      named('noisy_connected'),
      named('never', { health: 'incomplete' }),
      named('critical_connected'),
    ];
    const alerts = [
      anAlert({ rule: 'sync_delayed', severity: 'warning', connectionId: 'id_late_connected' }),
      anAlert({ rule: 'frequent_errors', severity: 'warning', connectionId: 'id_noisy_connected' }),
      anAlert({ rule: 'frequent_errors', severity: 'critical', connectionId: 'id_critical_connected' }),
    ];
    expect(worstFirst(connections, alerts).map((c) => c.connectionName)).toEqual([
      'failing', 'never', 'first_sync', 'critical_connected', 'late_connected', 'noisy_connected', 'quiet_connected', 'paused_one',
    ]);
    expect(HEALTH_ORDER).toEqual(['broken', 'incomplete', 'initial_sync', 'priority_first_sync', 'connected', 'paused']);
  });

  it('breaks ties by tenant (none last), then name, whatever order the warehouse gave', () => {
    const connections = [named('b', { tenantId: null }), named('z', { tenantId: 'acme' }), named('a', { tenantId: 'globex' }), named('c', { tenantId: 'acme' })];
    const order = (list: ConnectionAssessment[]) => worstFirst(list, []).map((c) => c.connectionName);
    expect(order(connections)).toEqual(['c', 'z', 'a', 'b']);
    expect(order([...connections].reverse())).toEqual(['c', 'z', 'a', 'b']);
  });
});
