import * as v from 'valibot';
import { canonicalEventId } from '../contract/event-id.ts';
import { type ParseResult, RecipeStatusSchema, type ValidationIssue } from '../contract/event-schema.ts';
import { isWellFormedText } from '../contract/storable.ts';
import { stringAt } from '../contract/value-path.ts';
import { type Occurrence, occurrence, orderKey, uuidV7Millis } from './ordering.ts';
import { readRawInput } from './raw-input.ts';

// What the component stores, as schemas: the types below are inferred from
// them, and the queries check items read back against them instead of casting.

export const StatusRecordSchema = v.object({
  recipeUid: v.string(),
  status: RecipeStatusSchema,
  deviceIdentityHash: v.string(),
  organizationUid: v.string(),
  parentCompanyUid: v.string(),
  originatorAccountId: v.optional(v.number()),
  originatorOrganizationUid: v.optional(v.string()),
  originatorPolicyUid: v.optional(v.string()),
  /** `detail.id`; a UUID in canonical lower case (see event-id.ts), any other id as received. */
  eventId: v.string(),
  /** The EventBridge envelope's id, to find the delivery in EventBridge's own tooling. */
  eventBridgeId: v.string(),
  source: v.string(),
  /**
   * The envelope's `time` (ISO, UTC, milliseconds): the bound on the occurrence
   * time, kept so a repair can recompute the order. Absent on items stored before it was kept.
   */
  eventTime: v.optional(v.string()),
  /** The time the event is ordered by: see `orderedBy`. */
  occurredAt: v.string(),
  /** What `occurredAt` was read from; absent on items stored before it was kept. */
  orderedBy: v.optional(v.picklist(['uuidV7', 'eventTime', 'recordedAt'])),
  /** Set when the id is a UUIDv7 dated beyond the envelope's time plus the tolerance: its time was not used. */
  idTimeDistrusted: v.optional(v.literal(true)),
  /** Set when the envelope's time lies beyond the recorded time plus the tolerance: it was not used. */
  eventTimeDistrusted: v.optional(v.literal(true)),
  /** (occurrence time, event id) as one sortable string; see ordering.ts. */
  orderKey: v.string(),
  recordedAt: v.string(),
  /** When the event first reached the component, when that was before `recordedAt` (a re-run): it bounds the order. */
  arrivedAt: v.optional(v.string()),
  /** Set when a repair rewrote the item under the current ordering rule. */
  repairedAt: v.optional(v.string()),
});
export type StatusRecord = v.InferOutput<typeof StatusRecordSchema>;

export const ValidationIssueSchema = v.object({ field: v.string(), message: v.string() });

export const RejectedRecordSchema = v.object({
  receivedAt: v.string(),
  /** `detail.id` and `detail.payload.uid` when they could be read, to find the event by. */
  eventId: v.optional(v.string()),
  recipeUid: v.optional(v.string()),
  eventBridgeId: v.optional(v.string()),
  detailType: v.optional(v.string()),
  issues: v.array(ValidationIssueSchema),
  /** How many issues validation found; `issues` keeps the first MAX_STORED_ISSUES. */
  issueCount: v.number(),
  /** The event as received, JSON, cut to MAX_STORED_RAW_BYTES; empty when not kept. */
  raw: v.string(),
  rawBytes: v.number(),
  rawSha256: v.string(),
  rawTruncated: v.boolean(),
  /** Why `raw` is empty: the input was not JSON, or DynamoDB refused the record with it. */
  rawNotKept: v.optional(v.string()),
});
export type RejectedRecord = v.InferOutput<typeof RejectedRecordSchema>;

/** EventBridge carries up to 1 MiB; a DynamoDB item holds 400 KB with its attribute names. */
export const MAX_STORED_RAW_BYTES = 300_000;
/** Enough to name every field of our schema; an array of junk could produce millions. */
export const MAX_STORED_ISSUES = 50;
const MAX_PEEKED_LENGTH = 256;

/** An event validation accepted, with the envelope time it read. */
export type ParsedEvent = Extract<ParseResult, { success: true }>;

export interface RecordingOptions {
  readonly recordedAt: Date;
  /** When the event first reached the component (a re-run's first arrival); `recordedAt` when undefined. */
  readonly arrivedAt?: Date | undefined;
  /** How far a time may run ahead of its bound; ordering.ts's default when undefined. */
  readonly futureToleranceMs?: number | undefined;
}

const iso = (millis: number): string => new Date(millis).toISOString();

/** The fields a record's order is written in. */
const orderFields = (eventId: string, occurred: Occurrence) => ({
  eventId,
  occurredAt: iso(occurred.millis),
  orderedBy: occurred.orderedBy,
  ...(occurred.idTimeDistrusted && { idTimeDistrusted: true as const }),
  ...(occurred.eventTimeDistrusted === true && { eventTimeDistrusted: true as const }),
  orderKey: orderKey(occurred.millis, eventId),
});

export const toStatusRecord = (
  { event, eventTimeMillis }: ParsedEvent,
  { recordedAt, arrivedAt, futureToleranceMs }: RecordingOptions,
): StatusRecord => {
  const { detail } = event;
  const { payload } = detail;
  const eventId = canonicalEventId(detail.id);
  // Nothing is recorded before it arrived: a first arrival later than now is now.
  const arrived = Math.min(arrivedAt?.getTime() ?? recordedAt.getTime(), recordedAt.getTime());
  const occurred = occurrence({ eventId, eventTimeMillis, arrivedAtMillis: arrived, futureToleranceMs });
  return {
    recipeUid: payload.uid,
    status: payload.status,
    deviceIdentityHash: payload.deviceIdentityHash,
    organizationUid: payload.owner.organizationUid,
    parentCompanyUid: payload.owner.parentCompanyUid,
    ...(payload.originator?.accountId !== undefined && { originatorAccountId: payload.originator.accountId }),
    ...(payload.originator?.organizationUid !== undefined && {
      originatorOrganizationUid: payload.originator.organizationUid,
    }),
    ...(payload.originator?.policyUid !== undefined && { originatorPolicyUid: payload.originator.policyUid }),
    eventBridgeId: event.id,
    source: event.source,
    eventTime: iso(eventTimeMillis),
    ...orderFields(eventId, occurred),
    recordedAt: recordedAt.toISOString(),
    ...(arrived < recordedAt.getTime() && { arrivedAt: iso(arrived) }),
  };
};

/**
 * What a stored record's order was read from. `eventTime`: its envelope time. Without one: `occurredAt`
 * for an id that is not a UUIDv7 (it was the envelope time, exactly); `recordedAt` for a UUIDv7.
 */
export type OrderBasis = 'eventTime' | 'occurredAt' | 'recordedAt';

/** A stored record ordered again by the rule, bounded by its first arrival, else the time it was recorded. */
export const reorder = (
  record: StatusRecord,
  futureToleranceMs?: number | undefined,
): { readonly record: StatusRecord; readonly basis: OrderBasis } => {
  const eventId = canonicalEventId(record.eventId);
  const basis: OrderBasis =
    record.eventTime !== undefined
      ? 'eventTime'
      : uuidV7Millis(eventId) === undefined
        ? 'occurredAt'
        : 'recordedAt';
  const eventTime = basis === 'occurredAt' ? record.occurredAt : record.eventTime;
  const arrivedAtMillis = Date.parse(record.arrivedAt ?? record.recordedAt);
  const occurred =
    eventTime === undefined
      ? occurrence({ eventId, arrivedAtMillis, futureToleranceMs })
      : occurrence({ eventId, eventTimeMillis: Date.parse(eventTime), arrivedAtMillis, futureToleranceMs });
  const { idTimeDistrusted: _id, eventTimeDistrusted: _time, ...rest } = record;
  return {
    basis,
    record: { ...rest, ...(eventTime !== undefined && { eventTime }), ...orderFields(eventId, occurred) },
  };
};

/**
 * Only a short string is worth keeping as a reference to a rejected event, and
 * only one that encodes as UTF-8: the rejected record must itself be storable.
 */
const peek = (input: unknown, ...path: string[]): string | undefined => {
  const value = stringAt(input, ...path);
  return value !== undefined && value.length <= MAX_PEEKED_LENGTH && isWellFormedText(value)
    ? value
    : undefined;
};

export const toRejectedRecord = (
  input: unknown,
  issues: readonly ValidationIssue[],
  receivedAt: Date,
): RejectedRecord => {
  const raw = readRawInput(input, MAX_STORED_RAW_BYTES);
  const eventId = peek(input, 'detail', 'id');
  const recipeUid = peek(input, 'detail', 'payload', 'uid');
  const eventBridgeId = peek(input, 'id');
  const detailType = peek(input, 'detail-type');
  return {
    receivedAt: receivedAt.toISOString(),
    ...(eventId !== undefined && { eventId }),
    ...(recipeUid !== undefined && { recipeUid }),
    ...(eventBridgeId !== undefined && { eventBridgeId }),
    ...(detailType !== undefined && { detailType }),
    issues: issues.slice(0, MAX_STORED_ISSUES),
    issueCount: issues.length,
    raw: raw.kept ? raw.text : '',
    rawBytes: raw.bytes,
    rawSha256: raw.sha256,
    rawTruncated: raw.kept ? raw.truncated : true,
    ...(!raw.kept && { rawNotKept: `the input ${raw.reason}` }),
  };
};
