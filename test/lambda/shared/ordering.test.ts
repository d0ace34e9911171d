import { describe, expect, it } from 'vitest';
import {
  compareOrderKeys,
  isNewer,
  occurrenceMillis,
  orderKey,
  uuidV7Millis,
} from '../../../lambda/shared/ordering.ts';
import { uuidV7 } from '../../support/events.ts';

describe('uuidV7Millis', () => {
  it("reads the producer's documented example id", () => {
    // Its first 48 bits, 0197f2a43a5e, are the milliseconds.
    expect(uuidV7Millis('0197f2a4-3a5e-7b1c-9d2f-8c4e6a1b3d5f')).toBe(0x0197f2a43a5e);
  });

  it('round-trips any 48-bit millisecond value, upper or lower case', () => {
    for (const millis of [0, 1, 1_764_148_501_234, 2 ** 48 - 1]) {
      const id = uuidV7(millis);
      expect(uuidV7Millis(id)).toBe(millis);
      expect(uuidV7Millis(id.toUpperCase())).toBe(millis);
    }
  });

  it.each([
    ['a version 4 UUID', '6f1c2b7e-2f9d-4b0e-9c1a-0d5e8f3a7b21'],
    ['a wrong variant', '01a21723-06f2-7b1c-cd2f-8c4e6a1b3d5f'],
    ['no dashes', '01a2172306f27b1c9d2f8c4e6a1b3d5f'],
    ['a plain string', 'string'],
    ['a v7 with trailing text', '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f-x'],
  ])('returns undefined for %s', (_name, id) => {
    expect(uuidV7Millis(id)).toBeUndefined();
  });
});

describe('occurrenceMillis', () => {
  it('prefers the UUIDv7 timestamp over the envelope time', () => {
    const id = uuidV7(Date.parse('2026-01-01T00:00:00.123Z'));
    expect(occurrenceMillis(id, '2026-11-26T09:15:02Z')).toBe(Date.parse('2026-01-01T00:00:00.123Z'));
  });

  it('falls back to the envelope time for any other id', () => {
    expect(occurrenceMillis('evt-42', '2026-11-26T09:15:02Z')).toBe(Date.parse('2026-11-26T09:15:02Z'));
  });
});

describe('orderKey and isNewer', () => {
  it('orders by occurrence time first, whatever the ids', () => {
    const earlier = orderKey(999, 'zzz');
    const later = orderKey(1_000, 'aaa');
    expect(isNewer(later, earlier)).toBe(true);
    expect(isNewer(earlier, later)).toBe(false);
  });

  it('breaks a tie in time by id', () => {
    expect(isNewer(orderKey(1_000, 'b'), orderKey(1_000, 'a'))).toBe(true);
    expect(isNewer(orderKey(1_000, 'a'), orderKey(1_000, 'b'))).toBe(false);
  });

  it('treats the same event as not newer than itself', () => {
    const key = orderKey(1_000, 'a');
    expect(isNewer(key, key)).toBe(false);
  });

  it('treats any event as newer than none', () => {
    expect(isNewer(orderKey(0, 'a'), undefined)).toBe(true);
  });

  it('sorts as the numbers do across digit counts', () => {
    const times = [0, 9, 10, 99_999, 1_764_148_501_234, 2 ** 48 - 1];
    const keys = times.map((millis) => orderKey(millis, 'id'));
    expect([...keys].sort(compareOrderKeys)).toEqual(keys);
  });

  it('compares ids by UTF-8 bytes, as DynamoDB does', () => {
    // In UTF-16, U+1F600 starts with 0xD83D, below U+FF5E; in UTF-8 it starts with 0xF0, above 0xEF.
    const astral = orderKey(1, '\u{1F600}');
    const bmp = orderKey(1, '\uFF5E');
    expect(bmp < astral).toBe(false);
    expect(isNewer(astral, bmp)).toBe(true);
  });
});
