import { assembleSnapshot, assembleSnapshotInSlices } from '../../src/fivetran/assembleSnapshot';
import { emptyLogState, expireLogState, expireLogStateInSlices, foldLogRows, foldLogRowsInSlices } from '../../src/fivetran/readModel/logState';
import { readConnectionRows, readWindow } from '../../src/fivetran/readSnapshot';
import { connectionRowsOfInSlices, emptyTableState, foldTableRows, foldTableRowsInSlices } from '../../src/fivetran/readModel/tableState';
import { logStatement, tableRowsStatement } from '../../src/fivetran/snapshotQueries';
import { bindNamed } from '../../src/warehouse/namedBinds';
import type { Row } from '../../src/warehouse/types';
import { turnsDuring } from '../support/eventLoopTurns';
import { NOW, PlatformData } from '../support/platformData';

describe('a large snapshot is built a slice at a time', () => {
  let connectionRows: Row[];
  let logRows: Row[];
  let tableRows: Row[];

  beforeAll(async () => {
    const data = new PlatformData().platform(60).history('platform_log', 2, 60, 2).loadedAt('-0m');
    for (let i = 0; i < 40; i += 1) data.connection({ id: `c${i}` }).history(`c${i}`, 3, 60, i % 4 === 0 ? 1 : 6);
    const warehouse = await data.open();
    try {
      const window = readWindow(NOW);
      connectionRows = await readConnectionRows(warehouse, data.schemaNaming, window);
      const statement = bindNamed(logStatement(data.schemaNaming), { from: window.from, to: window.to });
      logRows = await warehouse.query(statement.sql, statement.binds);
      const [year, month] = window.monthStart.split('-').map(Number) as [number, number];
      const tables = bindNamed(tableRowsStatement(data.schemaNaming, { tables: 'all', mar: 'all' }), {
        monthStart: window.monthStart,
        monthEnd: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10),
      });
      tableRows = await warehouse.query(tables.sql, tables.binds);
    } finally {
      await warehouse.close();
    }
  });

  it('folds LOG rows into the state a single pass gives, letting the event loop turn between slices', async () => {
    const whole = foldLogRows(emptyLogState(), logRows);
    const { result, turns } = await turnsDuring(() => foldLogRowsInSlices(emptyLogState(), logRows, 10));
    expect(logRows.length).toBeGreaterThan(100);
    expect(result).toEqual(whole);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(logRows.length / 10) - 1);
  });

  it('assembles the snapshot a single pass gives, letting the event loop turn between slices', async () => {
    const state = foldLogRows(emptyLogState(), logRows);
    const whole = assembleSnapshot(connectionRows, state, NOW.toISOString());
    const { result, turns } = await turnsDuring(() => assembleSnapshotInSlices(connectionRows, state, NOW.toISOString(), 4));
    expect(connectionRows.length).toBe(41);
    expect(result).toEqual(whole);
    expect(result.connections.some((c) => c.recentSyncs.length > 0)).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('folds the small tables\' rows and gives the connections statement\'s rows as a single pass does, letting the event loop turn between slices', async () => {
    const window = readWindow(NOW);
    const whole = emptyTableState(window.monthStart);
    foldTableRows(whole, tableRows);
    const sliced = emptyTableState(window.monthStart);
    const folding = await turnsDuring(() => foldTableRowsInSlices(sliced, tableRows, 4));
    expect(tableRows.length).toBeGreaterThan(41);
    expect(sliced).toEqual(whole);
    expect(folding.turns).toBeGreaterThanOrEqual(Math.floor(tableRows.length / 4) - 1);
    const { result, turns } = await turnsDuring(() => connectionRowsOfInSlices(sliced, window.today, 4));
    // Exactly the rows the one-shot read's statement gives, MAR of the month included.
    expect(result).toEqual(connectionRows);
    expect(turns).toBeGreaterThanOrEqual(9);
  });

  it('expires what left the window as a single pass does, letting the event loop turn between slices', async () => {
    const from = new Date(NOW.getTime() - 90 * 60_000).toISOString();
    const whole = foldLogRows(emptyLogState(), logRows);
    expireLogState(whole, from);
    const sliced = foldLogRows(emptyLogState(), logRows);
    const { turns } = await turnsDuring(() => expireLogStateInSlices(sliced, from, 4));
    expect(sliced).toEqual(whole);
    expect(whole).not.toEqual(foldLogRows(emptyLogState(), logRows));
    expect(turns).toBeGreaterThanOrEqual(9);
  });
});
