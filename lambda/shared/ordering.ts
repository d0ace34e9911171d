/**
 * The ordering rule. An event occurred at the millisecond timestamp embedded in
 * its id when the id is a UUID version 7 (as the producer documents), otherwise
 * at the EventBridge envelope's `time`. Events are ordered by (occurrence time,
 * id); a recipe's current status is the one of its greatest event.
 *
 * The producer writes the id; EventBridge stamps `time` when the event is put on
 * the bus, and an event cannot have occurred long after that. So an id whose
 * time is later than `time` by more than a tolerance is not trusted: such an
 * event is ordered by `time`, or one bad clock could pin a recipe until 2099.
 * And a `time` the putter chose (PutEvents takes one) cannot lie after the
 * moment the function recorded the event: beyond the tolerance it is not
 * trusted either, and the recorded time bounds the occurrence instead.
 */

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// 48 bits of milliseconds reach year 10889: 15 digits hold every one, so the
// zero-padded decimal sorts as a string exactly as the number does.
const TIME_DIGITS = 15;

/** How far a UUIDv7's time may run ahead of the envelope's before it is distrusted. */
export const DEFAULT_FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * What an event's occurrence time was read from: its UUIDv7 id, the envelope's
 * `time`, or (only for items stored before `time` was kept, when repaired) the
 * time the function recorded it.
 */
export type OrderedBy = 'uuidV7' | 'eventTime' | 'recordedAt';

export interface Occurrence {
  readonly millis: number;
  readonly orderedBy: OrderedBy;
  /** The id is a UUIDv7 whose time lies beyond the tolerance: it was not used. */
  readonly idTimeDistrusted: boolean;
  /** Set when the envelope's `time` lies beyond the recorded time plus the tolerance: it was not used. */
  readonly eventTimeDistrusted?: true;
}

/** The Unix millisecond timestamp of a UUIDv7, or undefined for any other id. */
export const uuidV7Millis = (id: string): number | undefined =>
  UUID_V7.test(id) ? Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : undefined;

/**
 * When the event occurred, for ordering. `boundMillis` is the latest time the
 * event can have occurred by (the envelope's `time`); an id later than it by
 * more than `futureToleranceMs` is distrusted, and the bound is used instead.
 * `recordedAtMillis`, when given, bounds the bound the same way: nothing is
 * recorded before it occurred. Exactly at the tolerance, a time is still trusted.
 */
export const occurrence = (
  eventId: string,
  boundMillis: number,
  futureToleranceMs: number = DEFAULT_FUTURE_TOLERANCE_MS,
  boundIs: 'eventTime' | 'recordedAt' = 'eventTime',
  recordedAtMillis?: number,
): Occurrence => {
  const capped = recordedAtMillis !== undefined && boundMillis - recordedAtMillis > futureToleranceMs;
  const bound = capped ? recordedAtMillis : boundMillis;
  const basis = capped ? 'recordedAt' : boundIs;
  const distrusted = capped ? ({ eventTimeDistrusted: true } as const) : {};
  const idMillis = uuidV7Millis(eventId);
  if (idMillis === undefined)
    return { millis: bound, orderedBy: basis, idTimeDistrusted: false, ...distrusted };
  if (idMillis - bound > futureToleranceMs)
    return { millis: bound, orderedBy: basis, idTimeDistrusted: true, ...distrusted };
  return { millis: idMillis, orderedBy: 'uuidV7', idTimeDistrusted: false, ...distrusted };
};

/** The occurrence time under the default tolerance, for an envelope `time` Date.parse reads. */
export const occurrenceMillis = (eventId: string, envelopeTime: string): number =>
  occurrence(eventId, Date.parse(envelopeTime)).millis;

/**
 * A string whose lexicographic order is the (occurrence time, id) order, so
 * DynamoDB can enforce the rule in a condition (`orderKey < :new`) and sort
 * indexes by it.
 */
export const orderKey = (occurredAtMillis: number, eventId: string): string =>
  `${occurredAtMillis.toString().padStart(TIME_DIGITS, '0')}#${eventId}`;

/**
 * Compares as DynamoDB compares strings in a condition or a sort key: by UTF-8
 * bytes (JavaScript's `<` compares UTF-16 units, which differs above U+FFFF).
 */
export const compareOrderKeys = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a), Buffer.from(b));

export const isNewer = (candidateOrderKey: string, currentOrderKey: string | undefined): boolean =>
  currentOrderKey === undefined || compareOrderKeys(candidateOrderKey, currentOrderKey) > 0;
