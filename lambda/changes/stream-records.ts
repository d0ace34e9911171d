import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as v from 'valibot';
import { type ItemWrite, statusChangesOf, type WarnUnreadableOldImage } from './status-change.ts';
import type { StatusChanged } from './status-changed.ts';

// Stream records, as Lambda delivers them and as GetRecords returns them, to the writes they tell.

const isAttributeValue = (value: unknown): value is AttributeValue =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;

const ImageSchema = v.record(
  v.string(),
  v.custom<AttributeValue>(isAttributeValue, 'not an attribute value'),
);

/** The part of a DynamoDB stream record the publisher reads; the same in both shapes. */
export const StreamRecordSchema = v.object({
  eventID: v.pipe(v.string(), v.nonEmpty()),
  dynamodb: v.object({
    NewImage: v.optional(ImageSchema),
    OldImage: v.optional(ImageSchema),
    SequenceNumber: v.optional(v.string()),
  }),
});
export type StreamRecord = v.InferOutput<typeof StreamRecordSchema>;

/** The event Lambda invokes a DynamoDB stream's function with. */
export const StreamEventSchema = v.object({ Records: v.array(StreamRecordSchema) });

/** An event that is not a batch of stream records: the mapping is not the one this code was built for. */
export class NotAStreamEventError extends Error {
  override readonly name = 'NotAStreamEventError';
}

export const parseStreamEvent = (event: unknown): StreamRecord[] => {
  const parsed = v.safeParse(StreamEventSchema, event);
  if (!parsed.success)
    throw new NotAStreamEventError(
      `not a DynamoDB stream batch: ${JSON.stringify(v.flatten<typeof StreamEventSchema>(parsed.issues))}`,
    );
  return parsed.output.Records;
};

export const itemWriteOf = (record: StreamRecord): ItemWrite => {
  const { NewImage, OldImage } = record.dynamodb;
  return {
    recordId: record.eventID,
    newImage: NewImage === undefined ? undefined : unmarshall(NewImage),
    oldImage: OldImage === undefined ? undefined : unmarshall(OldImage),
  };
};

/** The publisher's whole decision on a batch of stream records: what the function puts, and what the CLI prints. */
export const changesOfRecords = (
  records: readonly StreamRecord[],
  warn?: WarnUnreadableOldImage,
): StatusChanged[] => statusChangesOf(records.map(itemWriteOf), warn);
