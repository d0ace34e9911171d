import { describe, expect, it } from 'vitest';
import {
  compareOrderKeys,
  isNewer,
  occurrence,
  orderKey,
  uuidV7Millis,
} from '../../../lambda/records/ordering.ts';
import { uuidV7 } from '../../support/events.ts';

/**
 * Known answers, computed outside our code (python3: int('017F22E279B0', 16);
 * date -u -d @1645557742): RFC 9562 Appendix A.6 gives
 * 017F22E2-79B0-7CC3-98C4-DC0C0C07398F for Tuesday, February 22, 2022
 * 2:22:22.00 PM GMT-05:00, that is 1645557742000 ms.
 */
const RFC_9562_EXAMPLE = '017F22E2-79B0-7CC3-98C4-DC0C0C07398F';
const RFC_9562_MILLIS = 1_645_557_742_000;
// 2026-11-26T09:15:02Z, from `date -u -d 2026-11-26T09:15:02Z +%s`.
const ENVELOPE = 1_795_684_502_000;

describe('uuidV7Millis', () => {
  it("reads RFC 9562's UUIDv7 example (Appendix A.6), upper or lower case", () => {
    expect(uuidV7Millis(RFC_9562_EXAMPLE)).toBe(RFC_9562_MILLIS);
    expect(uuidV7Millis(RFC_9562_EXAMPLE.toLowerCase())).toBe(RFC_9562_MILLIS);
    expect(new Date(RFC_9562_MILLIS).toISOString()).toBe('2022-02-22T19:22:22.000Z');
  });

  it("reads the producer's documented example id", () => {
    // python3: int('0197f2a43a5e', 16) == 1752122538590, 2025-07-10T04:42:18.590Z.
    expect(uuidV7Millis('0197f2a4-3a5e-7b1c-9d2f-8c4e6a1b3d5f')).toBe(1_752_122_538_590);
  });

  it('reads the largest 48-bit time', () => {
    // python3: 2**48 - 1 == 281474976710655.
    expect(uuidV7Millis('ffffffff-ffff-7fff-bfff-ffffffffffff')).toBe(281_474_976_710_655);
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

describe("the tests' own UUIDv7 generator (test/support/events.ts)", () => {
  it("writes RFC 9562's example from its time and random bits", () => {
    const random = Buffer.from('7cc398c4dc0c0c07398f', 'hex');
    expect(uuidV7(RFC_9562_MILLIS, random)).toBe(RFC_9562_EXAMPLE.toLowerCase());
  });

  it('sets the version to 7 and the variant to 10 whatever the random bits', () => {
    expect(uuidV7(0, Buffer.alloc(10, 0xff))).toBe('00000000-0000-7fff-bfff-ffffffffffff');
    expect(uuidV7(0, Buffer.alloc(10, 0))).toBe('00000000-0000-7000-8000-000000000000');
  });
});

describe('occurrence of an event whose envelope time is trusted', () => {
  it("takes RFC 9562's example at its embedded time, not the envelope's", () => {
    expect(occurrence({ eventId: RFC_9562_EXAMPLE, eventTimeMillis: ENVELOPE }).millis).toBe(RFC_9562_MILLIS);
  });

  it('prefers the UUIDv7 timestamp over the envelope time', () => {
    const id = uuidV7(Date.parse('2026-01-01T00:00:00.123Z'));
    expect(occurrence({ eventId: id, eventTimeMillis: ENVELOPE }).millis).toBe(
      Date.parse('2026-01-01T00:00:00.123Z'),
    );
  });

  it('falls back to the envelope time for any other id', () => {
    expect(occurrence({ eventId: 'evt-42', eventTimeMillis: ENVELOPE }).millis).toBe(ENVELOPE);
  });
});

describe('orderKey', () => {
  it('writes the time as 15 zero-padded decimal digits, a #, then the id', () => {
    expect(orderKey(RFC_9562_MILLIS, '017f22e2-79b0-7cc3-98c4-dc0c0c07398f')).toBe(
      '001645557742000#017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
    );
    expect(orderKey(0, 'evt-1')).toBe('000000000000000#evt-1');
    expect(orderKey(281_474_976_710_655, 'x')).toBe('281474976710655#x');
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
