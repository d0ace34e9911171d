// The table: keys and indexes from the one definition, the stream the change publisher reads.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { deployedIndexes, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../lambda/store/table-definition.ts';
import type { RecipeStatusProps } from './recipe-status-props.ts';

/** In the component's own scope, with the id 0.1 gave it: its logical id must never change. */
export const createStatusTable = (scope: Construct, props: RecipeStatusProps): dynamodb.Table => {
  const table = new dynamodb.Table(scope, 'Table', {
    partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
    sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: props.deletionProtection ?? true,
    // A KMS key: the user's, or one AWS manages, visible as such in the template.
    ...(props.encryptionKey === undefined
      ? { encryption: dynamodb.TableEncryption.AWS_MANAGED }
      : { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }),
    timeToLiveAttribute: TTL_ATTRIBUTE,
    removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.RETAIN,
    stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
  });
  for (const index of deployedIndexes(props.keepOrganizationIndex === true)) {
    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKeys: index.partitionKeys.map(key),
      sortKeys: index.sortKeys.map(key),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
};
