import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { recipeEvent, seedEvent, uuidV7 } from '../../support/events.ts';
import { createTestTable } from '../../support/test-table.ts';

/** Events the command tests share: two recipes of one device and organization, and one invalid event. */

export const T0 = Date.parse('2026-11-26T08:00:00.000Z');
/** A UUIDv7 `minutes` after T0, its random part fixed so every run sees the same ids. */
export const id = (minutes: number): string => uuidV7(T0 + minutes * 60_000, Buffer.alloc(10, minutes));

export const newer = recipeEvent({
  id: id(5),
  recipeUid: 'r1',
  deviceIdentityHash: 'd1',
  organizationUid: 'o1',
  status: 'Failed',
});
export const older = recipeEvent({
  id: id(1),
  recipeUid: 'r1',
  deviceIdentityHash: 'd1',
  organizationUid: 'o1',
  status: 'Pending',
});
export const other = recipeEvent({
  id: id(3),
  recipeUid: 'r2',
  deviceIdentityHash: 'd1',
  organizationUid: 'o1',
  status: 'Applied',
});
export const invalid = {
  ...recipeEvent({ id: id(7), recipeUid: 'r3' }),
  detail: { ...recipeEvent({ id: id(7) }).detail, kind: 'telemetry' },
};
export const sibling = { ...seedEvent(), 'detail-type': 'Device.ProvisioningRecipeDeleted' };

/** Store options for a table of its own in the run's DynamoDB Local; `replay` creates it. */
export const freshStore = (): string[] => [
  '--endpoint',
  inject('dynamoDbEndpoint'),
  '--table',
  `cli-${randomUUID()}`,
];

/**
 * A table of its own holding the fixture events, written through the handler's
 * code path (not through the CLI under test), and the store options naming it.
 */
export const storeWithRecipes = async (): Promise<string[]> => {
  const table = await createTestTable();
  const now = () => new Date(T0 + 60 * 60_000);
  const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName, now });
  for (const event of [older, newer, other, invalid]) await processEvent(event, { store, now });
  return ['--endpoint', table.endpoint, '--table', table.tableName];
};
