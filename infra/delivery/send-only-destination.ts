import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** An on-failure destination granting `sqs:SendMessage` alone (SqsDestination adds two unused actions), and its key through SQS. */
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
