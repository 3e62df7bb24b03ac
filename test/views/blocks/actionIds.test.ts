import {
  ACTION_IDS, ALL_ACTION_IDS, decodeAlertMenuValue, decodeCommandRef, decodeSnoozeValue, encodeAlertMenuValue, encodeCommandRef, encodeSnoozeValue,
} from '../../../src/views/blocks/actionIds';

describe('action ids and values', () => {
  it('names every action once, each id short and unique', () => {
    expect(new Set(ALL_ACTION_IDS).size).toBe(ALL_ACTION_IDS.length);
    for (const id of ALL_ACTION_IDS) expect(id).toMatch(/^[a-zA-Z]{1,40}$/);
    expect(ACTION_IDS.acknowledgeAlert).toBe('acknowledgeAlert');
  });

  it('round-trips snooze values and refuses anything else', () => {
    expect(decodeSnoozeValue(encodeSnoozeValue('inc_abc', '4h'))).toEqual({ targetId: 'inc_abc', duration: '4h' });
    expect(decodeSnoozeValue(encodeSnoozeValue('grp_x', 'dashboard'))).toEqual({ targetId: 'grp_x', duration: 'dashboard' });
    for (const bad of ['inc_abc:5h', ':1h', 'inc_abc', '', 42, null, undefined, { targetId: 'x' }]) expect(decodeSnoozeValue(bad)).toBeNull();
  });

  it('round-trips alert menu values and refuses unknown verbs', () => {
    expect(decodeAlertMenuValue(encodeAlertMenuValue('snooze_dashboard', 'inc_1'))).toEqual({ verb: 'snooze_dashboard', incidentId: 'inc_1' });
    expect(decodeAlertMenuValue(encodeAlertMenuValue('open', 'inc_1'))).toEqual({ verb: 'open', incidentId: 'inc_1' });
    for (const bad of ['delete:inc_1', 'acknowledge:', 'acknowledge', 7]) expect(decodeAlertMenuValue(bad)).toBeNull();
  });

  it('round-trips command refs, keeping them within a button value', () => {
    expect(decodeCommandRef(encodeCommandRef({ command: 'errors', args: ['salesforce_acme'], page: 3 }))).toEqual({ command: 'errors', args: ['salesforce_acme'], page: 3 });
    const long = encodeCommandRef({ command: 'status', args: Array.from({ length: 20 }, () => 'x'.repeat(500)), page: 1 });
    expect(long.length).toBeLessThanOrEqual(2000);
    expect(decodeCommandRef(long)?.command).toBe('status');
  });

  it('refuses forged command refs and falls back to page 1 for a bad page', () => {
    for (const bad of ['not json', '{"c":"DROP TABLE","a":[],"p":1}', '{"c":"status","a":[1],"p":1}', '{"c":"status"}', '[]', 5]) {
      expect(decodeCommandRef(bad)).toBeNull();
    }
    expect(decodeCommandRef('{"c":"status","a":[],"p":-4}')).toEqual({ command: 'status', args: [], page: 1 });
  });
});
