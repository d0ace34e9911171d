// An event's identity. UUIDs compare case-insensitively (RFC 9562), so a
// UUID-shaped id is kept in its canonical lower-case form: the upper- and
// lower-case spellings of one UUID are one event, with one history item.
// Any other id is an opaque string, kept exactly as received.

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const canonicalEventId = (id: string): string => (UUID_SHAPE.test(id) ? id.toLowerCase() : id);
