/**
 * The ordering rule. An event occurred at the millisecond timestamp embedded in
 * its id when the id is a UUID version 7 (as the producer documents), otherwise
 * at the EventBridge envelope's `time`. Events are ordered by (occurrence time,
 * id); a recipe's current status is the one of its greatest event.
 */

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// 48 bits of milliseconds reach year 10889: 15 digits hold every one, so the
// zero-padded decimal sorts as a string exactly as the number does.
const TIME_DIGITS = 15;

/** The Unix millisecond timestamp of a UUIDv7, or undefined for any other id. */
export const uuidV7Millis = (id: string): number | undefined =>
  UUID_V7.test(id) ? Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : undefined;

export const occurrenceMillis = (eventId: string, envelopeTime: string): number =>
  uuidV7Millis(eventId) ?? Date.parse(envelopeTime);

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
