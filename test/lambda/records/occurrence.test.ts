import { describe, expect, it } from 'vitest';
import { DEFAULT_FUTURE_TOLERANCE_MS, occurrence, orderKey } from '../../../lambda/records/ordering.ts';
import { recipeEvent, statusRecordOf, uuidV7 } from '../../support/events.ts';

// 2026-11-26T09:15:02Z, from `date -u -d 2026-11-26T09:15:02Z +%s`.
const ENVELOPE = 1_795_684_502_000;
const RANDOM = Buffer.alloc(10, 0x5a);

describe('occurrence: a UUIDv7 time the producer cannot push into the future', () => {
  it('is 5 minutes by default', () => {
    expect(DEFAULT_FUTURE_TOLERANCE_MS).toBe(300_000);
  });

  it('trusts an id dated before the envelope time', () => {
    const id = uuidV7(ENVELOPE - 86_400_000, RANDOM);
    expect(occurrence({ eventId: id, eventTimeMillis: ENVELOPE })).toEqual({
      millis: ENVELOPE - 86_400_000,
      orderedBy: 'uuidV7',
      idTimeDistrusted: false,
    });
  });

  it('trusts an id dated exactly the tolerance after the envelope time', () => {
    const id = uuidV7(ENVELOPE + DEFAULT_FUTURE_TOLERANCE_MS, RANDOM);
    expect(occurrence({ eventId: id, eventTimeMillis: ENVELOPE })).toMatchObject({
      orderedBy: 'uuidV7',
      idTimeDistrusted: false,
    });
  });

  it('distrusts an id dated one millisecond beyond the tolerance, and orders it by the envelope time', () => {
    const id = uuidV7(ENVELOPE + DEFAULT_FUTURE_TOLERANCE_MS + 1, RANDOM);
    expect(occurrence({ eventId: id, eventTimeMillis: ENVELOPE })).toEqual({
      millis: ENVELOPE,
      orderedBy: 'eventTime',
      idTimeDistrusted: true,
    });
  });

  it('distrusts an id dated 2099, written out by hand', () => {
    // 2099-01-01T00:00:00Z is 4070908800000 ms (`date -u -d 2099-01-01 +%s`), 0x03b3d512ac00 in hex.
    const id = '03b3d512-ac00-7000-8000-000000000000';
    expect(
      occurrence({ eventId: id, eventTimeMillis: ENVELOPE, futureToleranceMs: Number.POSITIVE_INFINITY })
        .millis,
    ).toBe(4_070_908_800_000);
    expect(occurrence({ eventId: id, eventTimeMillis: ENVELOPE })).toEqual({
      millis: ENVELOPE,
      orderedBy: 'eventTime',
      idTimeDistrusted: true,
    });
  });

  it('takes the tolerance as a parameter', () => {
    const id = uuidV7(ENVELOPE + 2_000, RANDOM);
    expect(
      occurrence({ eventId: id, eventTimeMillis: ENVELOPE, futureToleranceMs: 1_999 }).idTimeDistrusted,
    ).toBe(true);
    expect(
      occurrence({ eventId: id, eventTimeMillis: ENVELOPE, futureToleranceMs: 2_000 }).idTimeDistrusted,
    ).toBe(false);
    expect(
      occurrence({ eventId: id, eventTimeMillis: ENVELOPE, futureToleranceMs: 0 }).idTimeDistrusted,
    ).toBe(true);
  });

  it('distrusts an envelope time beyond the recorded time plus the tolerance, and orders by the latter', () => {
    const recorded = ENVELOPE - DEFAULT_FUTURE_TOLERANCE_MS - 1;
    expect(occurrence({ eventId: 'evt-42', eventTimeMillis: ENVELOPE, arrivedAtMillis: recorded })).toEqual({
      millis: recorded,
      orderedBy: 'recordedAt',
      idTimeDistrusted: false,
      eventTimeDistrusted: true,
    });
    // Exactly at the tolerance, the envelope time is still trusted.
    expect(
      occurrence({ eventId: 'evt-42', eventTimeMillis: ENVELOPE, arrivedAtMillis: recorded + 1 }),
    ).toEqual({
      millis: ENVELOPE,
      orderedBy: 'eventTime',
      idTimeDistrusted: false,
    });
  });

  it('orders any other id by the envelope time, distrusting nothing', () => {
    expect(occurrence({ eventId: 'evt-42', eventTimeMillis: ENVELOPE })).toEqual({
      millis: ENVELOPE,
      orderedBy: 'eventTime',
      idTimeDistrusted: false,
    });
  });

  it('names the bound it used when that is the time the event was recorded', () => {
    const id = uuidV7(ENVELOPE + 86_400_000, RANDOM);
    expect(occurrence({ eventId: id, arrivedAtMillis: ENVELOPE })).toEqual({
      millis: ENVELOPE,
      orderedBy: 'recordedAt',
      idTimeDistrusted: true,
    });
  });
});

describe('toStatusRecord', () => {
  const recordOf = (event: unknown, toleranceMs?: number) =>
    statusRecordOf(event, new Date('2026-11-26T10:00:00Z'), { futureToleranceMs: toleranceMs });

  it('keeps the envelope time and says what ordered a trusted event', () => {
    const id = uuidV7(ENVELOPE - 766, RANDOM);
    expect(recordOf(recipeEvent({ id, time: '2026-11-26T09:15:02Z' }))).toMatchObject({
      eventTime: '2026-11-26T09:15:02.000Z',
      occurredAt: '2026-11-26T09:15:01.234Z',
      orderedBy: 'uuidV7',
      orderKey: `001795684501234#${id}`,
    });
    expect(recordOf(recipeEvent({ id, time: '2026-11-26T09:15:02Z' })).idTimeDistrusted).toBeUndefined();
  });

  it('orders a future-dated event by its envelope time and says so', () => {
    const id = uuidV7(Date.parse('2099-01-01T00:00:00Z'), RANDOM);
    expect(recordOf(recipeEvent({ id, time: '2026-11-26T09:15:02Z' }))).toMatchObject({
      eventTime: '2026-11-26T09:15:02.000Z',
      occurredAt: '2026-11-26T09:15:02.000Z',
      orderedBy: 'eventTime',
      idTimeDistrusted: true,
      orderKey: `001795684502000#${id}`,
    });
  });

  it('uses the tolerance it is given', () => {
    const id = uuidV7(ENVELOPE + 60_000, RANDOM);
    expect(recordOf(recipeEvent({ id, time: '2026-11-26T09:15:02Z' }), 30_000).idTimeDistrusted).toBe(true);
    expect(recordOf(recipeEvent({ id, time: '2026-11-26T09:15:02Z' })).orderedBy).toBe('uuidV7');
  });

  it('stores a UUID id in lower case, in the id and the order key', () => {
    const id = uuidV7(ENVELOPE - 766, RANDOM);
    const record = recordOf(recipeEvent({ id: id.toUpperCase(), time: '2026-11-26T09:15:02Z' }));
    expect(record.eventId).toBe(id);
    expect(record.orderKey).toBe(orderKey(ENVELOPE - 766, id));
  });

  it('keeps any other id exactly as received', () => {
    const record = recordOf(recipeEvent({ id: 'EVT-Mixed', time: '2026-11-26T09:15:02+01:00' }));
    expect(record).toMatchObject({
      eventId: 'EVT-Mixed',
      occurredAt: '2026-11-26T08:15:02.000Z',
      orderedBy: 'eventTime',
      orderKey: '001795680902000#EVT-Mixed',
    });
  });
});
