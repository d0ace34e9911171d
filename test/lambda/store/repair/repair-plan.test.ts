import { describe, expect, it } from 'vitest';
import { orderKey } from '../../../../lambda/records/ordering.ts';
import { reorder, type StatusRecord } from '../../../../lambda/records/records.ts';
import { planRepair, type StoredHistoryItem } from '../../../../lambda/store/repair/repair-plan.ts';
import { uuidV7 } from '../../../support/events.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const Y2099 = Date.parse('2099-01-01T00:00:00.000Z');
const iso = (millis: number) => new Date(millis).toISOString();
const id = (millis: number, byte: number) => uuidV7(millis, Buffer.alloc(10, byte));

/** A record as version 0.1 stored it: no envelope time, no orderedBy, the id's time trusted. */
const legacy = (
  eventId: string,
  occurredAt: number,
  recordedAt: number,
  status = 'Pending',
): StatusRecord => ({
  recipeUid: 'r1',
  status: status as StatusRecord['status'],
  deviceIdentityHash: 'd1',
  organizationUid: 'o1',
  parentCompanyUid: 'c1',
  eventId,
  eventBridgeId: `eb-${eventId}`,
  source: 'signageos',
  occurredAt: iso(occurredAt),
  orderKey: orderKey(occurredAt, eventId),
  recordedAt: iso(recordedAt),
});

/** A record as this version stores it. */
const current = (eventId: string, eventTime: number, occurredAt: number): StatusRecord => ({
  ...legacy(eventId, occurredAt, eventTime + 1_000),
  eventTime: iso(eventTime),
  orderedBy: 'uuidV7',
});

const stored = (record: StatusRecord, sortKey = `EVENT#${record.eventId}`): StoredHistoryItem => ({
  sortKey,
  record,
  expiresAt: undefined,
});

describe('reorder', () => {
  it('bounds a legacy UUIDv7 dated 2099 by when it was recorded, and says so', () => {
    const bad = id(Y2099, 1);
    expect(reorder(legacy(bad, Y2099, T0 + 60_000))).toMatchObject({
      basis: 'recordedAt',
      record: {
        occurredAt: iso(T0 + 60_000),
        orderedBy: 'recordedAt',
        idTimeDistrusted: true,
        orderKey: orderKey(T0 + 60_000, bad),
      },
    });
  });

  it('keeps a legacy UUIDv7 dated before it was recorded', () => {
    const good = id(T0, 1);
    expect(reorder(legacy(good, T0, T0 + 1_000)).record).toMatchObject({
      orderedBy: 'uuidV7',
      orderKey: orderKey(T0, good),
    });
  });

  it("reads a legacy non-UUIDv7 id's occurredAt as the envelope time it was", () => {
    expect(reorder(legacy('evt-1', T0, T0 + 1_000))).toMatchObject({
      basis: 'occurredAt',
      record: { eventTime: iso(T0), orderedBy: 'eventTime', orderKey: orderKey(T0, 'evt-1') },
    });
  });

  it("bounds a legacy non-UUIDv7 id's occurredAt of 2099 by when it was recorded", () => {
    expect(reorder(legacy('evt-1', Y2099, T0 + 1_000))).toMatchObject({
      basis: 'occurredAt',
      record: {
        eventTime: iso(Y2099),
        orderedBy: 'recordedAt',
        eventTimeDistrusted: true,
        orderKey: orderKey(T0 + 1_000, 'evt-1'),
      },
    });
  });

  it("bounds a re-run's record by its first arrival, not by when the re-run recorded it", () => {
    const rerun: StatusRecord = {
      ...current('evt-2', T0 + 86_400_000, T0 + 86_400_000),
      orderedBy: 'recordedAt',
      recordedAt: iso(T0 + 2 * 86_400_000),
      arrivedAt: iso(T0),
    };
    expect(reorder(rerun).record).toMatchObject({
      orderKey: orderKey(T0, 'evt-2'),
      eventTimeDistrusted: true,
    });
  });

  it('orders a stored envelope time under the tolerance it is given', () => {
    const ahead = id(T0 + 120_000, 1);
    const record = current(ahead, T0, T0 + 120_000);
    expect(reorder(record).record.orderKey).toBe(record.orderKey);
    expect(reorder(record, 60_000).record).toMatchObject({
      orderKey: orderKey(T0, ahead),
      orderedBy: 'eventTime',
      idTimeDistrusted: true,
    });
  });

  it('writes a UUID id in lower case', () => {
    const upper = id(T0, 0xab).toUpperCase();
    expect(reorder(legacy(upper, T0, T0)).record.eventId).toBe(upper.toLowerCase());
  });
});

describe('planRepair', () => {
  it('changes nothing in a recipe that is right', () => {
    const a = current(id(T0, 1), T0 + 1_000, T0);
    const b = current(id(T0 + 5, 2), T0 + 1_000, T0 + 5);
    expect(planRepair(b, [stored(a), stored(b)])).toEqual({
      history: [],
      before: b,
      after: b,
      currentChanged: false,
      fallbacks: [],
    });
  });

  it('unpins a recipe pinned the old way, rewriting the bad history item first', () => {
    // Prepare
    const good = legacy(id(T0, 1), T0, T0 + 1_000);
    const bad = legacy(id(Y2099, 2), Y2099, T0 + 60_000, 'Failed');
    const later = current(id(T0 + 120_000, 3), T0 + 120_000, T0 + 120_000);

    // Act
    const plan = planRepair(bad, [stored(good), stored(bad), stored(later)]);

    // Assess
    expect(plan.history).toEqual([
      expect.objectContaining({
        eventId: bad.eventId,
        change: 'reordered',
        fromOrderKey: orderKey(Y2099, bad.eventId),
        toOrderKey: orderKey(T0 + 60_000, bad.eventId),
      }),
    ]);
    expect(plan.after?.eventId).toBe(later.eventId);
    expect(plan.currentChanged).toBe(true);
    expect(plan.fallbacks).toEqual([
      { eventId: good.eventId, basis: 'recordedAt' },
      { eventId: bad.eventId, basis: 'recordedAt' },
    ]);
  });

  it('merges two spellings of one UUID into the item at its canonical key', () => {
    // Prepare
    const lower = id(T0, 0xcd);
    const upperItem = legacy(lower.toUpperCase(), T0, T0, 'Failed');
    const lowerItem = legacy(lower, T0, T0, 'Applied');

    // Act
    const plan = planRepair(upperItem, [stored(upperItem), stored(lowerItem)]);

    // Assess
    expect(plan.history).toEqual([
      expect.objectContaining({
        change: 'merged',
        fromSortKey: `EVENT#${lower.toUpperCase()}`,
        toSortKey: `EVENT#${lower}`,
        record: undefined,
      }),
    ]);
    expect(plan.after).toMatchObject({ eventId: lower, status: 'Applied' });
    expect(plan.currentChanged).toBe(true);
  });

  it('renames an upper-case item that has no canonical twin', () => {
    // Prepare
    const upper = id(T0, 0xef).toUpperCase();

    // Act
    const plan = planRepair(undefined, [stored(legacy(upper, T0, T0))]);

    // Assess
    expect(plan.history).toEqual([
      expect.objectContaining({
        change: 'renamed',
        fromSortKey: `EVENT#${upper}`,
        toSortKey: `EVENT#${upper.toLowerCase()}`,
      }),
    ]);
    expect(plan.after?.eventId).toBe(upper.toLowerCase());
  });

  it('counts the current record as an event when its history item has expired', () => {
    // Prepare
    const pinned = legacy(id(Y2099, 4), Y2099, T0 + 60_000);
    const older = current(id(T0, 5), T0, T0);

    // Act
    const plan = planRepair(pinned, [stored(older)]);

    // Assess
    expect(plan.after).toMatchObject({
      eventId: pinned.eventId,
      orderKey: orderKey(T0 + 60_000, pinned.eventId),
    });
    expect(plan.currentChanged).toBe(true);
  });

  it('rebuilds a missing current record from history', () => {
    const a = current(id(T0, 6), T0, T0);
    expect(planRepair(undefined, [stored(a)])).toMatchObject({ after: a, currentChanged: true });
  });

  it('has nothing to write for a recipe with no items', () => {
    expect(planRepair(undefined, [])).toEqual({
      history: [],
      before: undefined,
      after: undefined,
      currentChanged: false,
      fallbacks: [],
    });
  });
});
