import { describe, expect, it } from 'vitest';
import type { RecipeStatus } from '../../../lambda/contract/event-schema.ts';
import { processEvent } from '../../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../../lambda/store/dynamodb-status-store.ts';
import { createRecipeStatusQueries } from '../../../lambda/store/queries/queries.ts';
import { detectStuck, type StuckPublisher } from '../../../lambda/stuck/detect-stuck.ts';
import type { RecipeStuckDetail } from '../../../lambda/stuck/stuck-event.ts';
import { createStuckMarkers } from '../../../lambda/stuck/stuck-markers.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';
import { createTestTable, type TestTable } from '../../support/test-table.ts';
import { interceptingClient, type SentCommand } from '../store/intercepting-client.ts';

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const HOUR = 3_600_000;
const THRESHOLD = 24 * HOUR;
const PERIOD = 15 * 60_000;

type Step = readonly [recipeUid: string, status: RecipeStatus, atMs: number];

// a: Pending once. b: Pending, then Pending again (one episode, from the first). c: never Pending long.
// d: Pending, Applied, Pending (its episode starts again), then Applied and Pending once more.
const TIMELINE: readonly Step[] = [
  ['a', 'Pending', T0],
  ['b', 'Pending', T0 + 1 * HOUR],
  ['b', 'Pending', T0 + 2 * HOUR],
  ['c', 'Pending', T0],
  ['c', 'Applied', T0 + 3 * HOUR],
  ['d', 'Pending', T0],
  ['d', 'Applied', T0 + HOUR / 2],
  ['d', 'Pending', T0 + 5 * HOUR],
  ['d', 'Applied', T0 + 30 * HOUR],
  ['d', 'Pending', T0 + 31 * HOUR],
];

/** The table, a recording client for the detector, and a publisher that can refuse the next puts. */
const setUp = async () => {
  const table: TestTable = await createTestTable();
  const sent: SentCommand[] = [];
  const client = interceptingClient(table.endpoint, async (command) => {
    sent.push(command);
  });
  const published: RecipeStuckDetail[] = [];
  let refuseNext = 0;
  const publisher: StuckPublisher = {
    async publish(details) {
      return details.map((detail) => {
        if (refuseNext > 0) {
          refuseNext -= 1;
          return false;
        }
        published.push(detail);
        return true;
      });
    },
  };
  const record = async ([recipeUid, status, atMs]: Step) => {
    const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
    const event = recipeEvent({ id: uuidV7(atMs), recipeUid, status, time: new Date(atMs).toISOString() });
    await processEvent(event, { store, now: () => new Date(atMs + 1_000) });
  };
  const run = (atMs: number) =>
    detectStuck({
      queries: createRecipeStatusQueries({ client, tableName: table.tableName }),
      markers: createStuckMarkers(client, table.tableName),
      publisher,
      now: new Date(atMs),
      thresholdMs: THRESHOLD,
    });
  return { sent, published, record, run, refuse: (n: number) => (refuseNext = n) };
};

describe('stuck detection on a schedule, with a fake clock', () => {
  it('reports each Pending episode once, within one period of crossing the threshold, and never Scans', async () => {
    // Prepare
    const { sent, published, record, run } = await setUp();
    const pending = [...TIMELINE];
    const reportedAt = new Map<string, number>();

    // Act: every period from T0 to 60 h, the events that occurred by then recorded first
    for (let tick = T0; tick <= T0 + 60 * HOUR; tick += PERIOD) {
      while (pending.length > 0 && (pending[0]?.[2] ?? Number.POSITIVE_INFINITY) <= tick)
        await record(pending.shift() as Step);
      const before = published.length;
      await run(tick);
      for (const detail of published.slice(before)) reportedAt.set(detail.episodeId, tick);
    }

    // Assess: the episodes, each once, each as its threshold was crossed
    const episodes = published.map((detail) => [detail.recipeUid, detail.pendingSince]);
    expect(episodes).toEqual([
      ['a', new Date(T0).toISOString()],
      ['b', new Date(T0 + 1 * HOUR).toISOString()],
      ['d', new Date(T0 + 5 * HOUR).toISOString()],
      ['d', new Date(T0 + 31 * HOUR).toISOString()],
    ]);
    expect(new Set(published.map((detail) => detail.episodeId)).size).toBe(published.length);
    for (const detail of published) {
      const crossed = Date.parse(detail.pendingSince) + THRESHOLD;
      const at = reportedAt.get(detail.episodeId) ?? 0;
      expect(at - crossed).toBeGreaterThanOrEqual(0);
      expect(at - crossed).toBeLessThan(PERIOD);
      expect(detail.pendingForSeconds).toBe((at - Date.parse(detail.pendingSince)) / 1_000);
    }
    const operations = new Set(sent.map((command) => command.constructor.name));
    expect(operations).toEqual(new Set(['QueryCommand', 'GetCommand', 'PutCommand']));
    for (const command of sent.filter((c) => c.constructor.name === 'PutCommand'))
      expect(String(command.input.Item?.pk)).toMatch(/^STUCK#/);
  });

  it('reads in proportion to the recipes in Pending: nothing but the index when none is', async () => {
    const { sent, record, run } = await setUp();
    await record(['c', 'Pending', T0]);
    await record(['c', 'Applied', T0 + HOUR]);
    sent.length = 0;

    await run(T0 + 48 * HOUR);

    expect(sent.map((command) => command.constructor.name)).toEqual(['QueryCommand']);
  });

  it('puts a refused event again on the next run, and marks only what was put', async () => {
    const { published, record, run, refuse } = await setUp();
    await record(['a', 'Pending', T0]);
    await record(['b', 'Pending', T0 + HOUR]);
    refuse(1);

    const first = await run(T0 + 30 * HOUR);
    const second = await run(T0 + 30 * HOUR + PERIOD);
    const third = await run(T0 + 30 * HOUR + 2 * PERIOD);

    expect([first.reported.length, first.failed.length]).toEqual([1, 1]);
    expect([second.reported.length, second.failed.length]).toEqual([1, 0]);
    expect([third.stuck, third.reported.length]).toEqual([2, 0]);
    expect(published.map((detail) => detail.recipeUid).sort()).toEqual(['a', 'b']);
  });
});
