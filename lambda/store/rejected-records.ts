import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { MAX_STORED_ISSUES, type RejectedRecord, RejectedRecordSchema } from '../records/records.ts';
import { fromItem } from './items.ts';
import { PARTITION_KEY, REJECTED_PARTITION_KEY, rejectedSortKey, SORT_KEY } from './table-definition.ts';

// Rejected-event records as re-processing needs them: read from a time on,
// removed once their event is accepted, their reasons brought up to date
// while it is still invalid. Every write is conditional on the record still
// holding the same raw event (its hash), so a second run, or two runs at once,
// or one beside the live function, never changes a record twice or brings a
// removed one back.

export interface RejectedListRequest {
  /** Only records received at or after this ISO time (the sort key starts with it). */
  readonly since?: string;
  /** Newest first, as `rejected` lists them; oldest first otherwise, as they are re-processed. */
  readonly newestFirst?: boolean;
}

export interface RejectedRecords {
  /** Every record asked for, page by page. */
  list(request?: RejectedListRequest): AsyncGenerator<RejectedRecord>;
  /** Removes the record; false when it was gone already. */
  remove(record: RejectedRecord): Promise<boolean>;
  /** Replaces its reasons with those of a validation now; false when it was gone. */
  updateIssues(record: RejectedRecord, now: Pick<RejectedRecord, 'issues' | 'issueCount'>): Promise<boolean>;
}

export const rejectedRecordKey = (record: RejectedRecord) => ({
  [PARTITION_KEY]: REJECTED_PARTITION_KEY,
  [SORT_KEY]: rejectedSortKey(record.receivedAt, record.rawSha256),
});

const SAME_EVENT = 'rawSha256 = :rawSha256';

const whenPresent = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

export const createRejectedRecords = (
  client: DynamoDBDocumentClient,
  tableName: string,
): RejectedRecords => ({
  async *list(request = {}) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const output = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: request.since === undefined ? '#pk = :pk' : '#pk = :pk AND #sk >= :since',
          ExpressionAttributeNames: {
            '#pk': PARTITION_KEY,
            ...(request.since !== undefined && { '#sk': SORT_KEY }),
          },
          ExpressionAttributeValues: {
            ':pk': REJECTED_PARTITION_KEY,
            ...(request.since !== undefined && { ':since': request.since }),
          },
          ScanIndexForward: request.newestFirst !== true,
          ...(cursor !== undefined && { ExclusiveStartKey: cursor }),
        }),
      );
      for (const item of output.Items ?? []) yield fromItem(RejectedRecordSchema, item);
      cursor = output.LastEvaluatedKey;
    } while (cursor !== undefined);
  },

  remove: (record) =>
    whenPresent(() =>
      client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: rejectedRecordKey(record),
          ConditionExpression: SAME_EVENT,
          ExpressionAttributeValues: { ':rawSha256': record.rawSha256 },
        }),
      ),
    ),

  updateIssues: (record, now) =>
    whenPresent(() =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: rejectedRecordKey(record),
          UpdateExpression: 'SET issues = :issues, issueCount = :issueCount',
          ConditionExpression: SAME_EVENT,
          ExpressionAttributeValues: {
            ':rawSha256': record.rawSha256,
            ':issues': now.issues.slice(0, MAX_STORED_ISSUES),
            ':issueCount': now.issueCount,
          },
        }),
      ),
    ),
});
