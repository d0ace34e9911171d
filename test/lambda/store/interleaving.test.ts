import { beforeEach, describe, expect, it } from 'vitest';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { historyIds as historyIdsOf, readCurrentItem } from '../../support/oracle.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { gate, interceptingClient, isPutOf } from './intercepting-client.ts';

/**
 * What the outcome counts mean, per delivery (see dynamodb-status-store.ts),
 * under the one interleaving where an event is counted both applied and stale.
 */

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const now = () => new Date('2026-11-26T10:00:00.000Z');
const iso = (millis: number) => new Date(millis).toISOString();
let table: TestTable;

beforeEach(async () => {
  table = await createTestTable();
});

const storeOn = (client = table.documentClient) =>
  createDynamoDbStatusStore({ client, tableName: table.tableName, now });
const run = (event: unknown, store = storeOn()) => processEvent(event, { store, now });

const current = () => readCurrentItem(table, 'recipe-1');
const historyIds = () => historyIdsOf(table, 'recipe-1');

describe('delivery 1 writes history and stalls; delivery 2 applies the event; a newer one is applied', () => {
  it('counts the event applied by delivery 2 and stale by delivery 1, and ends at the newer event', async () => {
    // Prepare
    const event = recipeEvent({ id: uuidV7(T0), status: 'Pending', time: iso(T0) });
    const newer = recipeEvent({ id: uuidV7(T0 + 1_000), status: 'Applied', time: iso(T0 + 1_000) });
    const paused = gate();
    const resume = gate();
    const stalling = interceptingClient(table.endpoint, async (command) => {
      if (!isPutOf(command, 'CURRENT')) return;
      paused.open();
      await resume.opened;
    });

    // Act
    const delivery1 = run(event, storeOn(stalling));
    await paused.opened;
    const delivery2 = await run(event);
    const newerResult = await run(newer);
    resume.open();
    const delivery1Result = await delivery1;

    // Assess: per delivery, each outcome is exact; per event, this one is counted twice.
    expect(delivery2.outcome).toBe('applied');
    expect(newerResult.outcome).toBe('applied');
    expect(delivery1Result.outcome).toBe('stale');
    expect(await current()).toMatchObject({ eventId: newer.detail.id, status: 'Applied' });
    expect((await historyIds()).sort()).toEqual([event.detail.id, newer.detail.id].sort());
  });

  it('counts the event once when delivery 1 resumes before a newer event: its put finds the event there', async () => {
    // Prepare
    const event = recipeEvent({ id: uuidV7(T0), status: 'Pending', time: iso(T0) });
    const paused = gate();
    const resume = gate();
    const stalling = interceptingClient(table.endpoint, async (command) => {
      if (!isPutOf(command, 'CURRENT')) return;
      paused.open();
      await resume.opened;
    });

    // Act
    const delivery1 = run(event, storeOn(stalling));
    await paused.opened;
    const delivery2 = await run(event);
    resume.open();

    // Assess
    expect([delivery2.outcome, (await delivery1).outcome]).toEqual(['applied', 'duplicate']);
  });

  it('counts an event once, applied or stale, when no delivery stalls', async () => {
    // Prepare
    const events = [2, 0, 1].map((step) =>
      recipeEvent({ id: uuidV7(T0 + step * 1_000), time: iso(T0 + step * 1_000) }),
    );

    // Act
    const outcomes: string[] = [];
    for (const event of [...events, ...events]) outcomes.push((await run(event)).outcome);

    // Assess
    expect(outcomes).toEqual(['applied', 'stale', 'stale', 'duplicate', 'duplicate', 'duplicate']);
  });
});
