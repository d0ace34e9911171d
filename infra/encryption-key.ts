// What a customer-managed key's policy must allow the services that use it; an imported key's owner adds them (docs/package.md).
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** CloudWatch Logs, for the functions' log groups in this account and region. */
export const allowLogs = (key: kms.IKey, scope: Construct): void => {
  const { partition, region, account } = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
        },
      },
    }),
  );
};

/** EventBridge, for the rule dead-letter queue; any rule of the account, as the rule's ARN would make a cycle. */
export const allowEventBridgeDeadLetters = (key: kms.IKey, scope: Construct): void => {
  const { partition, region, account } = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/*` } },
    }),
  );
};

/** EventBridge, for the bus's archive: encrypt and read events of this bus only. */
export const allowEventBridgeArchive = (key: kms.IKey, busArn: string): void => {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': busArn } },
    }),
  );
};

/** What a caller of the table needs of its key: `grantWriteData`'s set, through DynamoDB only. */
export const grantTableKeyUse = (key: kms.IKey, grantee: iam.IGrantable, scope: Construct): void => {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(scope).region}.amazonaws.com` } },
  });
};

/** What a reader of the table's stream needs of the key: decrypt, through DynamoDB only. */
export const grantStreamKeyUse = (key: kms.IKey, grantee: iam.IGrantable, scope: Construct): void => {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(scope).region}.amazonaws.com` } },
  });
};
