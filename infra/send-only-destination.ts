import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * An on-failure destination on a queue that grants `sqs:SendMessage` alone:
 * Lambda only sends the invocation record. aws-cdk-lib's SqsDestination grants
 * `grantSendMessages`, which adds GetQueueAttributes and GetQueueUrl, unused.
 * A queue under a customer-managed key also needs what SQS asks of a producer
 * on it: GenerateDataKey and Decrypt (to reuse a cached data key).
 */
export const sendOnlyDestination = (queue: sqs.IQueue): lambda.IDestination => ({
  bind: (_scope, fn) => {
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
    const key = queue.encryptionMasterKey;
    if (key !== undefined)
      iam.Grant.addToPrincipal({
        grantee: fn,
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resourceArns: [key.keyArn],
        // Through SQS only: the key is for the queue, not for the function's own use.
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(fn).region}.amazonaws.com` } },
      });
    return { destination: queue.queueArn };
  },
});
