import { dashboardIncidents } from '../../../src/alerts/dashboardChanges';
import { validateBlocks } from '../../../src/preview/standin/blockValidation';
import { buildHomeView, HOME_MAX_BLOCKS } from '../../../src/views/blocks/homeView';
import { aTenant, anAssessment, anIncident, firingFrom, hugeAssessment, hugeIncidents } from '../../support/fixtures/assessment';

const texts = (blocks: readonly unknown[]) => JSON.stringify(blocks);

describe('the App Home view', () => {
  it('stays within a Home tab\'s 100 blocks for a huge, hostile account: stale data said first, the rest counted, the table kept', () => {
    const assessment = hugeAssessment(600);
    const incidents = hugeIncidents(assessment);
    const open = incidents.filter((i) => i.status !== 'resolved');
    const view = buildHomeView({
      assessment,
      incidents,
      dashboardIncidents: dashboardIncidents(firingFrom(open).alerts),
      tenants: [aTenant()],
      marLastMonth: null,
      live: { pausedOf: () => false },
      liveConfigured: true,
      demo: true,
    });
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    const check = validateBlocks(view.blocks, HOME_MAX_BLOCKS);
    expect(check.ok ? [] : check.messages).toEqual([]);
    expect(view.blocks[1]).toMatchObject({ type: 'section', text: { text: expect.stringContaining('Monitoring data is stale') } });
    expect(texts(view.blocks)).toMatch(/…and [\d,]+ more: `\/fivetran alerts`/);
    expect(texts(view.blocks)).toContain(`*Open incidents* (${open.length})`);
    expect(view.blocks.filter((b) => b.type === 'table')).toHaveLength(1);
    expect(texts(view.blocks)).toContain('syncConnection');
    expect(texts(view.blocks)).toContain('Everyone sees every tenant here');
  });

  it('without incidents says so, with when the data was loaded and that live state is off', () => {
    const assessment = anAssessment({ alerts: [] });
    const view = buildHomeView({ assessment, incidents: [], dashboardIncidents: [], tenants: [aTenant()], marLastMonth: null, live: null, liveConfigured: false });
    expect(texts(view.blocks)).toContain('No open incidents');
    expect(texts(view.blocks)).toContain('Monitoring data last loaded');
    expect(texts(view.blocks)).toContain('Live state: off');
    expect(texts(view.blocks)).not.toContain('acknowledgeAlert');
  });

  it('lists critical incidents before warnings, each with the buttons of its alert message, resolved ones left out', () => {
    const warning = anIncident({ incidentId: `inc_${'b'.repeat(20)}`, severity: 'warning', connectionName: 'warned_one', openedAt: '2026-11-26T06:00:00.000Z' });
    const critical = anIncident({ incidentId: `inc_${'c'.repeat(20)}`, severity: 'critical', connectionName: 'critical_one', openedAt: '2026-11-26T07:00:00.000Z' });
    const resolved = anIncident({ incidentId: `inc_${'d'.repeat(20)}`, status: 'resolved', connectionName: 'resolved_one' });
    const view = buildHomeView({ assessment: anAssessment(), incidents: [warning, critical, resolved], dashboardIncidents: [], tenants: [], marLastMonth: null, live: null, liveConfigured: false });
    const text = texts(view.blocks);
    expect(text.indexOf('critical_one')).toBeLessThan(text.indexOf('warned_one'));
    expect(text).not.toContain('resolved_one');
    expect(text).toContain(`"block_id":"alert:${critical.incidentId}"`);
  });
});
