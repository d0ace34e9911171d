import * as v from 'valibot';
import { type StatusRecord, StatusRecordSchema } from '../records/records.ts';
import type { Item } from '../store/items.ts';
import { CURRENT_SORT_KEY, PARTITION_KEY, SORT_KEY } from '../store/table-definition.ts';
import type { StatusChanged } from './status-changed.ts';

// The one decision of the publisher: does this write of an item change a recipe's current status?

/** One write of the table as its stream tells it, images already unmarshalled. */
export interface ItemWrite {
  /** The stream record's id: the same on every delivery of the record. */
  readonly recordId: string;
  readonly oldImage: Item | undefined;
  readonly newImage: Item | undefined;
}

/** A new current item the record schema refuses: a bug or a hand edit, never retried into shape. */
export class UnreadableCurrentItemError extends Error {
  override readonly name = 'UnreadableCurrentItemError';
}

const currentRecord = (image: Item, recordId: string): StatusRecord => {
  const parsed = v.safeParse(StatusRecordSchema, image);
  if (parsed.success) return parsed.output;
  const issues = JSON.stringify(v.flatten(parsed.issues));
  throw new UnreadableCurrentItemError(
    `stream record ${recordId}: the current item of ${String(image[PARTITION_KEY])} is not a status record: ${issues}`,
  );
};

/** Told that a write's old image is unreadable: the change is published with `previousStatus: null`. */
export type WarnUnreadableOldImage = (warning: {
  readonly message: string;
  readonly recordId: string;
}) => void;

const warnOnStderr: WarnUnreadableOldImage = (warning) =>
  process.stderr.write(`${JSON.stringify({ level: 'WARN', ...warning })}\n`);

/** The old image's status, or null when it does not parse: an old item's defect must not block a real change. */
const previousStatusOf = (
  image: Item,
  recordId: string,
  warn: WarnUnreadableOldImage,
): StatusRecord['status'] | null => {
  const parsed = v.safeParse(StatusRecordSchema, image);
  if (parsed.success) return parsed.output.status;
  warn({
    message: `the old current item of ${String(image[PARTITION_KEY])} is not a status record; previousStatus is null: ${JSON.stringify(v.flatten(parsed.issues))}`,
    recordId,
  });
  return null;
};

/**
 * The change a write made to a recipe's current status, or undefined: a write
 * of anything but a current item, a deletion, or a current item whose status
 * stayed the same (a newer event of the same status, a repair that only
 * reorders). Stale and duplicate events never write the current item at all.
 */
export const statusChangeOf = (
  write: ItemWrite,
  warn: WarnUnreadableOldImage = warnOnStderr,
): StatusChanged | undefined => {
  const { newImage, oldImage, recordId } = write;
  if (newImage === undefined || newImage[SORT_KEY] !== CURRENT_SORT_KEY) return undefined;
  const after = currentRecord(newImage, recordId);
  const previousStatus = oldImage === undefined ? null : previousStatusOf(oldImage, recordId, warn);
  if (previousStatus === after.status) return undefined;
  return {
    changeId: recordId,
    recipeUid: after.recipeUid,
    previousStatus,
    status: after.status,
    deviceIdentityHash: after.deviceIdentityHash,
    organizationUid: after.organizationUid,
    parentCompanyUid: after.parentCompanyUid,
    occurredAt: after.occurredAt,
    eventId: after.eventId,
    orderKey: after.orderKey,
    // Only repair writes `repairedAt` on a current item; the live path never does.
    repair: after.repairedAt !== undefined,
    changedAt: after.repairedAt ?? after.recordedAt,
  };
};

/** The changes of a batch of writes, in the stream's order. */
export const statusChangesOf = (
  writes: readonly ItemWrite[],
  warn: WarnUnreadableOldImage = warnOnStderr,
): StatusChanged[] =>
  writes.flatMap((write) => {
    const change = statusChangeOf(write, warn);
    return change === undefined ? [] : [change];
  });
