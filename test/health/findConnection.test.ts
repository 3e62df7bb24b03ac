import { findConnection } from '../../src/health/scope';
import { renderErrors, renderStatus, renderSyncs } from '../../src/views/text';
import { aConnection, anAssessment, NOW } from '../support/fixtures/assessment';

/** One lookup for a connection a person named, on every surface: Slack, the CLI, the terminal reports. */
describe('findConnection', () => {
  const pg = aConnection({ connectionId: 'sturdy_otter', connectionName: 'acme_pg', destinationId: 'dest_eu', destinationName: 'EU warehouse' });
  const pgUs = aConnection({ connectionId: 'brisk_heron', connectionName: 'acme_pg', destinationId: 'dest_us', destinationName: 'US warehouse' });
  const sf = aConnection({ connectionId: 'calm_lynx', connectionName: 'acme_salesforce' });

  it('finds by id (in any case) before by name, and by name in any case', () => {
    expect(findConnection([pg, sf], ' STURDY_OTTER ')).toEqual({ kind: 'found', connection: pg });
    expect(findConnection([pg, sf], 'Acme_Salesforce')).toEqual({ kind: 'found', connection: sf });
  });

  it('says a name shared across destinations is ambiguous, and an id still finds either', () => {
    expect(findConnection([pg, pgUs, sf], 'acme_pg')).toEqual({ kind: 'ambiguous', matches: [pg, pgUs] });
    expect(findConnection([pg, pgUs, sf], 'brisk_heron')).toEqual({ kind: 'found', connection: pgUs });
  });

  it('suggests the close names and ids of the connections given, and nothing else', () => {
    expect(findConnection([pg, sf], 'acme_sales')).toEqual({ kind: 'unknown', suggestions: ['acme_salesforce'] });
    expect(findConnection([pg], 'acme_sales')).toEqual({ kind: 'unknown', suggestions: [] });
    expect(findConnection([pg, sf], '  ')).toEqual({ kind: 'unknown', suggestions: [] });
  });

  it('is the lookup of the terminal reports too: an ambiguous name is asked about, never shown as the first match', () => {
    const assessment = anAssessment({ connections: [pg, pgUs, sf], alerts: [] });
    const now = new Date(NOW);
    for (const text of [renderStatus(assessment, { now, connectionId: 'acme_pg' }), renderSyncs(assessment, { now, connectionId: 'acme_pg' }), renderErrors(assessment, { now, connectionId: 'acme_pg' })]) {
      expect(text).toContain('"acme_pg" names 2 connections (in different destinations); use an id: sturdy_otter (EU warehouse), brisk_heron (US warehouse)');
      expect(text).not.toContain('sturdy_otter):');
    }
  });
});
