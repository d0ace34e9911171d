import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * What a customer-managed key's policy must allow for the AWS services that
 * encrypt this component's data with it. A key created in the same app gets
 * these statements here; an imported key's policy cannot be changed from a
 * stack (addToResourcePolicy does nothing), so its owner adds them
 * (docs/package.md lists them).
 */

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

/**
 * EventBridge, for the rule dead-letter queue: it encrypts what it could not
 * deliver. Bound to this account's rules by pattern, not to the rule's ARN,
 * which would make the key depend on the rule that depends on the queue.
 */
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

/**
 * What a caller of a table encrypted with the key needs, through DynamoDB only:
 * the set aws-cdk-lib's own `grantWriteData` gives, narrowed by kms:ViaService.
 */
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
