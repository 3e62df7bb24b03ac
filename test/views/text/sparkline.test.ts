import { sparkline } from '../../../src/views/text/sparkline';

describe('sparkline', () => {
  it('draws one block per value, from zero to the highest', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 70, 35])).toBe('▁█▅');
  });

  it('never draws a value above zero as nothing, nor a missing value as zero', () => {
    expect(sparkline([0, 1, 1000])).toBe('▁▂█');
    expect(sparkline([5, null, 10])).toBe('▅ █');
    expect(sparkline([null, null])).toBe('  ');
    expect(sparkline([])).toBe('');
  });

  it('draws a flat series flat: low when all zero, full when all the same above zero', () => {
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([4, 4])).toBe('██');
  });

  it('fits a long series in the width by the highest of each group, so a spike never vanishes', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i === 57 ? 50 : 1));
    const line = sparkline(values, 10);
    expect([...line]).toHaveLength(10);
    expect(line.indexOf('█')).toBe(5);
    expect(line.replace('█', '')).toBe('▂'.repeat(9));
  });

  it('scales from the lowest when values go below zero', () => {
    expect(sparkline([-10, 0, 10])).toBe('▁▅█');
  });
});
