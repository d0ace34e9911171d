import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { parse } from '@aws-lambda-powertools/parser';
import { EventBridgeEnvelope } from '@aws-lambda-powertools/parser/envelopes';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { z } from 'zod';

/**
 * The peer: what AWS's documentation leads a team to build. Powertools Parser
 * with its Zod EventBridge envelope, Powertools Idempotency on a DynamoDB
 * table keyed by the event id, and a DocumentClient put of the status. It
 * deduplicates but does not order: an older event delivered late overwrites.
 */

const tableName = process.env.TABLE_NAME ?? '';
const client = new DynamoDBClient({});
const documentClient = DynamoDBDocumentClient.from(client);
const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: process.env.IDEMPOTENCY_TABLE_NAME ?? '',
  awsSdkV3Client: client,
});

const key = z.string().min(1).max(256);
const DeliverySchema = z.object({
  id: key,
  kind: z.literal('domain'),
  type: z.literal('Device.ProvisioningRecipeStatusUpdated'),
  payload: z.object({
    owner: z.object({
      ownershipType: z.literal('organization'),
      organizationUid: key,
      parentCompanyUid: key,
    }),
    type: z.literal('Device.ProvisioningRecipeStatusUpdated'),
    originator: z
      .object({
        accountId: z.number().optional(),
        organizationUid: key.optional(),
        policyUid: key.optional(),
      })
      .optional(),
    uid: key,
    deviceIdentityHash: key,
    status: z.enum(['Pending', 'Applied', 'Failed', 'Invalid']),
  }),
});

const recordStatus = async (event: unknown, _context: Context) => {
  const delivery = parse(event, EventBridgeEnvelope, DeliverySchema);
  const { payload } = delivery;
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        recipeUid: payload.uid,
        status: payload.status,
        deviceIdentityHash: payload.deviceIdentityHash,
        organizationUid: payload.owner.organizationUid,
        parentCompanyUid: payload.owner.parentCompanyUid,
        eventId: delivery.id,
        recordedAt: new Date().toISOString(),
      },
    }),
  );
  return { outcome: 'applied', eventId: delivery.id };
};

export const handler = makeIdempotent(recordStatus, {
  persistenceStore,
  config: new IdempotencyConfig({ eventKeyJmesPath: 'detail.id' }),
});
