import { WarehouseError } from '../../src/warehouse/errors';

/** The WarehouseError a query fails with; the test fails if it succeeds or fails otherwise. */
export async function warehouseRejection(promise: Promise<unknown>): Promise<WarehouseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WarehouseError);
    return error as WarehouseError;
  }
  throw new Error('expected the query to fail');
}
