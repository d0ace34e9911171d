// The ordering rule: (occurrence time, id), each time bounded by what came after it (docs/contract.md#the-ordering-rule).

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// 48 bits of milliseconds reach year 10889: 15 digits hold every one, so the
// zero-padded decimal sorts as a string exactly as the number does.
const TIME_DIGITS = 15;

/** How far a UUIDv7's time may run ahead of the envelope's before it is distrusted. */
export const DEFAULT_FUTURE_TOLERANCE_MS = 5 * 60_000;

/** What an event's occurrence time was read from: its UUIDv7 id, the envelope's `time`, or the time it first arrived. */
export type OrderedBy = 'uuidV7' | 'eventTime' | 'recordedAt';

export interface Occurrence {
  readonly millis: number;
  readonly orderedBy: OrderedBy;
  /** The id is a UUIDv7 whose time lies beyond the tolerance: it was not used. */
  readonly idTimeDistrusted: boolean;
  /** Set when the envelope's `time` lies beyond the event's arrival plus the tolerance: it was not used. */
  readonly eventTimeDistrusted?: true;
}

/** The Unix millisecond timestamp of a UUIDv7, or undefined for any other id. */
export const uuidV7Millis = (id: string): number | undefined =>
  UUID_V7.test(id) ? Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : undefined;

/** What the rule reads of one event; an item stored without its envelope time gives only its arrival. */
export type OccurrenceOptions = {
  readonly eventId: string;
  /** How far a time may run ahead of its bound and still be trusted; DEFAULT_FUTURE_TOLERANCE_MS when undefined. */
  readonly futureToleranceMs?: number | undefined;
} & (
  | {
      /** The envelope's `time`: the event cannot have occurred after it. */
      readonly eventTimeMillis: number;
      /** When the event first reached the component: its envelope time cannot be later. */
      readonly arrivedAtMillis?: number | undefined;
    }
  | { readonly eventTimeMillis?: undefined; readonly arrivedAtMillis: number }
);

const boundOf = (options: OccurrenceOptions, toleranceMs: number) => {
  if (options.eventTimeMillis === undefined)
    return { millis: options.arrivedAtMillis, basis: 'recordedAt' as const, distrusted: {} };
  if (
    options.arrivedAtMillis !== undefined &&
    options.eventTimeMillis - options.arrivedAtMillis > toleranceMs
  )
    return {
      millis: options.arrivedAtMillis,
      basis: 'recordedAt' as const,
      distrusted: { eventTimeDistrusted: true } as const,
    };
  return { millis: options.eventTimeMillis, basis: 'eventTime' as const, distrusted: {} };
};

/** When the event occurred, for ordering. Exactly at the tolerance, a time is still trusted. */
export const occurrence = (options: OccurrenceOptions): Occurrence => {
  const toleranceMs = options.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS;
  const bound = boundOf(options, toleranceMs);
  const idMillis = uuidV7Millis(options.eventId);
  if (idMillis === undefined)
    return { millis: bound.millis, orderedBy: bound.basis, idTimeDistrusted: false, ...bound.distrusted };
  if (idMillis - bound.millis > toleranceMs)
    return { millis: bound.millis, orderedBy: bound.basis, idTimeDistrusted: true, ...bound.distrusted };
  return { millis: idMillis, orderedBy: 'uuidV7', idTimeDistrusted: false, ...bound.distrusted };
};

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
