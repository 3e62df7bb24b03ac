import { closeMatches, editDistance } from '../../src/text/closeMatches';

describe('closeMatches', () => {
  const names = ['acme_salesforce', 'acme_eu_pg', 'globex_hubspot', 'initech_stripe', 'status', 'tenant', 'alerts'];

  it('suggests names with a typo or two', () => {
    expect(closeMatches('statsu', names)).toEqual(['status']);
    expect(closeMatches('alert', names)).toEqual(['alerts']);
    expect(closeMatches('acme_salesfroce', names)).toEqual(['acme_salesforce']);
  });

  it('suggests names containing what was typed, closest first', () => {
    expect(closeMatches('acme', names)).toEqual(['acme_eu_pg', 'acme_salesforce']);
  });

  it('suggests nothing for unrelated or empty input', () => {
    expect(closeMatches('zzzzzz', names)).toEqual([]);
    expect(closeMatches('  ', names)).toEqual([]);
  });

  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('closeMatches ranking', () => {
  it('prefers exact, then prefix, then substring, then small typos, and drops far-off names', () => {
    expect(closeMatches('acme', ['acme', 'acme_eu', 'big_acme', 'globex'])).toEqual(['acme', 'acme_eu', 'big_acme']);
    expect(closeMatches('globx', ['globex', 'initech'])).toEqual(['globex']);
    expect(closeMatches('zzzz', ['globex', 'initech'])).toEqual([]);
    expect(closeMatches('', ['a'])).toEqual([]);
  });
});
