import * as v from 'valibot';
import { readEnvelopeTime } from './event-time.ts';
import { EVENT_TYPE } from './event-type.ts';
import { MAX_KEY_LENGTH, storableInteger, storableText } from './storable.ts';

// The contract of `Device.ProvisioningRecipeStatusUpdated` (docs/contract.md;
// the producer's example is test/fixtures/recipe-status-updated.json) inside
// the EventBridge envelope. Objects are `v.object`: unknown extra fields are
// dropped, not rejected, because the producer's schema evolves. Every stored
// value is built from storable.ts.

export { EVENT_TYPE };
export const RECIPE_STATUSES = ['Pending', 'Applied', 'Failed', 'Invalid'] as const;
export { MAX_KEY_LENGTH };

const isRecord = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

/**
 * `v.object` alone lets an array through as an object with missing fields; the
 * check names the real problem first. After it, the only issue `v.object`
 * itself raises is a missing key.
 */
const record = <const TEntries extends v.ObjectEntries>(entries: TEntries, message = 'must be an object') =>
  v.pipe(v.unknown(), v.check(isRecord, message), v.object(entries, 'is required'));

export const RecipeStatusSchema = v.picklist(RECIPE_STATUSES, `must be one of ${RECIPE_STATUSES.join(', ')}`);
export type RecipeStatus = v.InferOutput<typeof RecipeStatusSchema>;

export const OwnerSchema = record({
  ownershipType: v.literal('organization', 'must be "organization"'),
  organizationUid: storableText(),
  parentCompanyUid: storableText(),
});

export const OriginatorSchema = record({
  accountId: v.optional(storableInteger()),
  organizationUid: v.optional(storableText()),
  policyUid: v.optional(storableText()),
});

export const RecipeStatusPayloadSchema = record({
  owner: OwnerSchema,
  type: v.literal(EVENT_TYPE, `must be "${EVENT_TYPE}"`),
  originator: v.optional(OriginatorSchema),
  uid: storableText(),
  deviceIdentityHash: storableText(),
  status: RecipeStatusSchema,
});

/** The four-field delivery body signageOS POSTs, which EventBridge carries as `detail`. */
export const RecipeStatusDeliverySchema = record({
  id: storableText(),
  kind: v.literal('domain', 'must be "domain"'),
  type: v.literal(EVENT_TYPE, `must be "${EVENT_TYPE}"`),
  payload: RecipeStatusPayloadSchema,
});
export type RecipeStatusDelivery = v.InferOutput<typeof RecipeStatusDeliverySchema>;

/** A real date and time of day with a zone, from 1970 on, read once into its text and milliseconds (event-time.ts). */
const EnvelopeTimeSchema = v.pipe(
  v.string('must be a string'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const time = readEnvelopeTime(dataset.value);
    if (time.valid) return { text: dataset.value, millis: time.millis };
    addIssue({ message: time.problem });
    return NEVER;
  }),
);

// The envelope as EventBridge sends it to a Lambda target, with its `time` read (Powertools' own accepts only Zod).
const ReadEventSchema = v.pipe(
  record(
    {
      version: v.string('must be a string'),
      // Stored as eventBridgeId and source, so storable like the detail's keys.
      id: storableText(),
      'detail-type': v.string('must be a string'),
      source: storableText(),
      account: v.string('must be a string'),
      time: EnvelopeTimeSchema,
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

/** Our own EventBridge envelope; its output keeps `time` as the string received. */
export const RecipeStatusEventSchema = v.pipe(
  ReadEventSchema,
  v.transform(({ time, ...event }) => ({ ...event, time: time.text })),
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
  | {
      readonly success: true;
      readonly event: RecipeStatusEvent;
      /** The envelope's `time` in Unix milliseconds, as validation read it. */
      readonly eventTimeMillis: number;
    }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

export const parseRecipeStatusEvent = (input: unknown): ParseResult => {
  const result = v.safeParse(ReadEventSchema, input);
  if (result.success) {
    const { time, ...event } = result.output;
    return { success: true, event: { ...event, time: time.text }, eventTimeMillis: time.millis };
  }
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
