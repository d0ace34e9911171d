import { describe, expect, it } from 'vitest';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { INDEXES } from '../../../lambda/store/table-definition.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { createTableWithIndexes, V02_INDEXES } from '../../support/table-layouts.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');

/**
 * Write units per outcome, table plus indexes, as ReturnConsumedCapacity reports
 * them, on 0.2's layout and on today's. The expected figures follow DynamoDB's
 * documented GSI rules, not our code: a put into a sparse index is 1 unit, an
 * item whose index key changes is deleted and put (2), an item whose key stays
 * but whose projected attributes change is rewritten (1); a failed conditional
 * write is 1 table unit (the store adds it: DynamoDB reports nothing for it).
 */
const measure = async (indexes: typeof INDEXES) => {
  const table = await createTableWithIndexes(indexes);
  const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now });
  const units = async (event: unknown) => {
    const result = await processEvent(event, { store, now });
    const { tableWriteUnits, indexWriteUnits } = result.capacity;
    return { outcome: result.outcome, tableWriteUnits, indexWriteUnits };
  };
  const changed = recipeEvent({ id: uuidV7(T0 + 2_000), status: 'Applied' });
  return {
    first: await units(recipeEvent({ id: uuidV7(T0 + 1_000), status: 'Pending' })),
    statusChange: await units(changed),
    sameStatusNewer: await units(recipeEvent({ id: uuidV7(T0 + 3_000), status: 'Applied' })),
    stale: await units(recipeEvent({ id: uuidV7(T0), status: 'Failed' })),
    duplicate: await units(changed),
  };
};

describe('write units per outcome (ReturnConsumedCapacity, DynamoDB Local)', () => {
  it("0.2's layout (byDevice, byOrganization, byOrganizationStatus): 5, 7, 7, 2, 1", async () => {
    expect(await measure(V02_INDEXES)).toEqual({
      first: { outcome: 'applied', tableWriteUnits: 2, indexWriteUnits: 3 },
      statusChange: { outcome: 'applied', tableWriteUnits: 2, indexWriteUnits: 5 },
      sameStatusNewer: { outcome: 'applied', tableWriteUnits: 2, indexWriteUnits: 5 },
      stale: { outcome: 'stale', tableWriteUnits: 2, indexWriteUnits: 0 },
      duplicate: { outcome: 'duplicate', tableWriteUnits: 1, indexWriteUnits: 0 },
    });
  });

  it('this layout (byDevice, byOrganizationStatus, byStatusCompany) adds the company view at the same units', async () => {
    expect(await measure(INDEXES)).toEqual({
      first: { outcome: 'applied', tableWriteUnits: 2, indexWriteUnits: 3 },
      statusChange: { outcome: 'applied', tableWriteUnits: 2, indexWriteUnits: 5 },
      sameStatusNewer: { outcome: 'applied', tableWriteUnits: 2, indexWriteUnits: 5 },
      stale: { outcome: 'stale', tableWriteUnits: 2, indexWriteUnits: 0 },
      duplicate: { outcome: 'duplicate', tableWriteUnits: 1, indexWriteUnits: 0 },
    });
  });
});
