import * as v from 'valibot';
import { EVENT_TYPE } from './event-type.ts';

/**
 * The contract of `Device.ProvisioningRecipeStatusUpdated` (shared/seed is the
 * spec) inside the EventBridge envelope. Objects are `v.object`: unknown extra
 * fields are dropped, not rejected, because the producer's schema evolves.
 */

export { EVENT_TYPE };
export const RECIPE_STATUSES = ['Pending', 'Applied', 'Failed', 'Invalid'] as const;
/** Well inside DynamoDB's 2048/1024-byte key limits even at 3 UTF-8 bytes per unit. */
export const MAX_KEY_LENGTH = 256;

// Control characters (\p{Cc}) break logs and terminals; lone surrogates (\p{Cs})
// cannot be encoded as UTF-8 and would make DynamoDB reject the write forever.
const PRINTABLE = /^[^\p{Cc}\p{Cs}]*$/u;

const isRecord = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

/**
 * `v.object` alone lets an array through as an object with missing fields; the
 * check names the real problem first. After it, the only issue `v.object`
 * itself raises is a missing key.
 */
const record = <const TEntries extends v.ObjectEntries>(entries: TEntries, message = 'must be an object') =>
  v.pipe(v.unknown(), v.check(isRecord, message), v.object(entries, 'is required'));

const boundedString = () =>
  v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.maxLength(MAX_KEY_LENGTH, `must be at most ${MAX_KEY_LENGTH} characters`),
    v.regex(PRINTABLE, 'must not contain control characters'),
  );

export const RecipeStatusSchema = v.picklist(RECIPE_STATUSES, `must be one of ${RECIPE_STATUSES.join(', ')}`);
export type RecipeStatus = v.InferOutput<typeof RecipeStatusSchema>;

export const OwnerSchema = record({
  ownershipType: v.literal('organization', 'must be "organization"'),
  organizationUid: boundedString(),
  parentCompanyUid: boundedString(),
});

export const OriginatorSchema = record({
  accountId: v.optional(v.pipe(v.number('must be a number'), v.finite('must be a finite number'))),
  organizationUid: v.optional(boundedString()),
  policyUid: v.optional(boundedString()),
});

export const RecipeStatusPayloadSchema = record({
  owner: OwnerSchema,
  type: v.literal(EVENT_TYPE, `must be "${EVENT_TYPE}"`),
  originator: v.optional(OriginatorSchema),
  uid: boundedString(),
  deviceIdentityHash: boundedString(),
  status: RecipeStatusSchema,
});

/** The four-field delivery body signageOS POSTs, which EventBridge carries as `detail`. */
export const RecipeStatusDeliverySchema = record({
  id: boundedString(),
  kind: v.literal('domain', 'must be "domain"'),
  type: v.literal(EVENT_TYPE, `must be "${EVENT_TYPE}"`),
  payload: RecipeStatusPayloadSchema,
});
export type RecipeStatusDelivery = v.InferOutput<typeof RecipeStatusDeliverySchema>;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const isoTime = v.pipe(
  v.string('must be a string'),
  // Before 1970 cannot be an EventBridge time, and would not sort as an order key.
  v.check(
    (value) => ISO_DATE_TIME.test(value) && Date.parse(value) >= 0,
    'must be an ISO-8601 date-time from 1970 on',
  ),
);

/**
 * Our own EventBridge envelope: Powertools' built-in one accepts only Zod.
 * Fields follow the envelope EventBridge sends to a Lambda target.
 */
export const RecipeStatusEventSchema = v.pipe(
  record(
    {
      version: v.string('must be a string'),
      id: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
      'detail-type': v.string('must be a string'),
      source: v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty')),
      account: v.string('must be a string'),
      time: isoTime,
      region: v.string('must be a string'),
      resources: v.array(v.string('must be a string'), 'must be an array'),
      detail: RecipeStatusDeliverySchema,
    },
    'must be an EventBridge event object',
  ),
  v.forward(
    v.partialCheck(
      [['detail-type'], ['detail', 'type']],
      (event) => event['detail-type'] === event.detail.type,
      'must equal detail.type',
    ),
    ['detail-type'],
  ),
);
export type RecipeStatusEvent = v.InferOutput<typeof RecipeStatusEventSchema>;

/** One field and what is wrong with it, e.g. `detail.payload.status: must be one of ...`. */
export interface ValidationIssue {
  readonly field: string;
  readonly message: string;
}

/** One line for a person: `detail.payload.status: must be one of …`. */
export const describeIssue = (issue: ValidationIssue): string => `${issue.field}: ${issue.message}`;

export type ParseResult =
  | { readonly success: true; readonly event: RecipeStatusEvent }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

export const parseRecipeStatusEvent = (input: unknown): ParseResult => {
  const result = v.safeParse(RecipeStatusEventSchema, input);
  if (result.success) return { success: true, event: result.output };
  const flat = v.flatten(result.issues);
  const issues: ValidationIssue[] = [
    ...(flat.root ?? []).map((message) => ({ field: '(event)', message })),
    ...Object.entries(flat.nested ?? {}).flatMap(([field, messages]) =>
      (messages ?? []).map((message) => ({ field, message })),
    ),
    ...(flat.other ?? []).map((message) => ({ field: '(unknown)', message })),
  ];
  return { success: false, issues };
};
