import { DuckDBInstance } from '@duckdb/node-api';
import pino from 'pino';
import { refreshDemoDataIfOld } from '../../src/demo/refreshDemoData';
import { DEMO_NOW, makeDemoFile } from '../support/demoFile';

const logger = pino({ level: 'silent' });

async function scalar(file: string, sql: string): Promise<unknown> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS()[0];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('refreshDemoDataIfOld', () => {
  it('regenerates an old demo relative to now and keeps everything else in the file', async () => {
    const demo = await makeDemoFile();
    try {
      const instance = await DuckDBInstance.create(demo.path);
      const connection = await instance.connect();
      await connection.run('CREATE SCHEMA PULSE_STATE; CREATE TABLE PULSE_STATE.KEEP (x INTEGER); INSERT INTO PULSE_STATE.KEEP VALUES (42)');
      connection.closeSync();
      instance.closeSync();

      const later = new Date(DEMO_NOW.getTime() + 3 * 86_400_000);
      expect(await refreshDemoDataIfOld(demo.path, logger, new Date(DEMO_NOW.getTime() + 30 * 60_000))).toBe(false);
      expect(await refreshDemoDataIfOld(demo.path, logger, later)).toBe(true);
      const newest = (await scalar(demo.path, 'SELECT epoch_ms(MAX(_fivetran_synced)) AS ms FROM FIVETRAN_LOG.LOG')) as { ms: number };
      expect(Number(newest.ms)).toBeGreaterThan(later.getTime() - 60 * 60_000);
      expect(Number(newest.ms)).toBeLessThanOrEqual(later.getTime());
      expect(await scalar(demo.path, 'SELECT x FROM PULSE_STATE.KEEP')).toEqual({ x: 42 });
      expect(await scalar(demo.path, 'SELECT COUNT(*)::INTEGER AS n FROM PUBLIC.TENANTS')).toEqual({ n: expect.any(Number) });
    } finally {
      demo.remove();
    }
  });

  it('never touches a database that is not a demo', async () => {
    const demo = await makeDemoFile();
    try {
      const instance = await DuckDBInstance.create(demo.path);
      const connection = await instance.connect();
      await connection.run('DROP TABLE PUBLIC.PULSE_DEMO');
      connection.closeSync();
      instance.closeSync();
      expect(await refreshDemoDataIfOld(demo.path, logger, new Date(DEMO_NOW.getTime() + 3 * 86_400_000))).toBe(false);
      const newest = (await scalar(demo.path, 'SELECT epoch_ms(MAX(_fivetran_synced)) AS ms FROM FIVETRAN_LOG.LOG')) as { ms: number };
      expect(Number(newest.ms)).toBeLessThanOrEqual(DEMO_NOW.getTime());
    } finally {
      demo.remove();
    }
  });
});
