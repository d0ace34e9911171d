import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseRecipeStatusEvent } from '../../../lambda/contract/event-schema.ts';
import {
  readEnvelopeTime,
  TIME_CALENDAR_MESSAGE,
  TIME_EPOCH_MESSAGE,
  TIME_FORMAT_MESSAGE,
} from '../../../lambda/contract/event-time.ts';
import { seedEvent } from '../../support/events.ts';

// Expected milliseconds computed outside our code, with GNU date: `date -u -d <time> +%s`, times 1000.
describe('readEnvelopeTime', () => {
  it.each([
    ['2026-11-26T09:15:02Z', 1_795_684_502_000],
    ['2024-02-29T23:59:59Z', 1_709_251_199_000],
    ['2026-11-26T09:15:02+02:00', 1_795_677_302_000],
    ['2026-11-26T09:15:02-05:30', 1_795_704_302_000],
    ['2026-11-26T09:15:02.5Z', 1_795_684_502_500],
    ['2026-11-26T09:15:02.123456789Z', 1_795_684_502_123],
    ['1970-01-01T00:00:00Z', 0],
  ])('reads %s as %d', (time, millis) => {
    expect(readEnvelopeTime(time)).toEqual({ valid: true, millis });
  });

  it.each([
    '2026-02-31T10:00:00Z',
    '2026-02-29T10:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-11-26T24:00:00Z',
    '2026-11-26T25:61:00Z',
    '2026-11-26T09:60:00Z',
    '2026-11-26T23:59:60Z',
    '2026-11-26T09:15:02+24:00',
    '2026-11-26T09:15:02+02:60',
  ])('refuses the impossible %s', (time) => {
    expect(readEnvelopeTime(time)).toEqual({ valid: false, problem: TIME_CALENDAR_MESSAGE });
  });

  it.each([
    '2026-11-26T09:15:02',
    '2026-11-26 09:15:02Z',
    '2026-11-26T09:15Z',
    '2026-11-26',
    '2026-11-26T09:15:02+0200',
    '2026-11-26t09:15:02z',
    'Thu, 26 Nov 2026 09:15:02 GMT',
    '',
  ])('refuses %j, which is not an ISO-8601 date-time with a zone', (time) => {
    expect(readEnvelopeTime(time)).toEqual({ valid: false, problem: TIME_FORMAT_MESSAGE });
  });

  it.each(['1969-12-31T23:59:59Z', '1970-01-01T00:30:00+01:00', '0050-01-01T00:00:00Z'])(
    'refuses %s, before 1970',
    (time) => {
      expect(readEnvelopeTime(time)).toEqual({ valid: false, problem: TIME_EPOCH_MESSAGE });
    },
  );

  it("is needed: Valibot's isoTimestamp and Date.parse both take 2026-02-31", () => {
    expect(v.is(v.pipe(v.string(), v.isoTimestamp()), '2026-02-31T10:00:00Z')).toBe(true);
    expect(new Date(Date.parse('2026-02-31T10:00:00Z')).toISOString()).toBe('2026-03-03T10:00:00.000Z');
  });
});

describe('the schema on the envelope time', () => {
  it.each([
    ['2026-02-31T10:00:00Z', TIME_CALENDAR_MESSAGE],
    ['2026-11-26T25:61:00Z', TIME_CALENDAR_MESSAGE],
    ['2026-11-26T09:15:02', TIME_FORMAT_MESSAGE],
    ['1969-12-31T23:59:59Z', TIME_EPOCH_MESSAGE],
  ])('rejects %s with one issue naming time', (time, message) => {
    const result = parseRecipeStatusEvent({ ...seedEvent(), time });
    expect(result).toEqual({ success: false, issues: [{ field: 'time', message }] });
  });

  it('accepts a leap day and a zone offset', () => {
    expect(parseRecipeStatusEvent({ ...seedEvent(), time: '2028-02-29T23:00:00-01:00' }).success).toBe(true);
  });
});
