// The EventBridge envelope's `time`, read exactly. `Date.parse` silently rolls
// an impossible date forward (2026-02-31 becomes 2026-03-03) and Valibot's
// `isoTimestamp` checks only the shape (it accepts 2026-02-31 too), so the
// fields are read one by one and must come back unchanged from the calendar.

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

export const TIME_FORMAT_MESSAGE = 'must be an ISO-8601 date-time with a zone, e.g. 2026-11-26T09:15:02Z';
export const TIME_CALENDAR_MESSAGE = 'must be a real calendar date and time of day';
export const TIME_EPOCH_MESSAGE = 'must be from 1970 on';

export type EnvelopeTime =
  | { readonly valid: true; readonly millis: number }
  | { readonly valid: false; readonly problem: string };

export const readEnvelopeTime = (value: string): EnvelopeTime => {
  const match = ISO_DATE_TIME.exec(value);
  if (match === null) return { valid: false, problem: TIME_FORMAT_MESSAGE };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Fractions beyond milliseconds are cut, as Date.parse does.
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!exact) return { valid: false, problem: TIME_CALENDAR_MESSAGE };
  const sign = match[8] === '-' ? -1 : 1;
  const utc = date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  // Before 1970 cannot be an EventBridge time, and would not sort as an order key.
  if (utc < 0) return { valid: false, problem: TIME_EPOCH_MESSAGE };
  return { valid: true, millis: utc };
};
