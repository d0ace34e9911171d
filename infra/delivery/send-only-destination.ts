import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** What a sender to the queue needs of its key, if it has one: data keys, through SQS only. */
export const grantQueueKeyUse = (queue: sqs.IQueue, fn: iam.IGrantable & Construct): void => {
  const key = queue.encryptionMasterKey;
  if (key !== undefined)
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resourceArns: [key.keyArn],
      // Through SQS only: the key is for the queue, not for the function's own use.
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(fn).region}.amazonaws.com` } },
    });
};

/** An on-failure destination granting `sqs:SendMessage` alone (SqsDestination adds two unused actions), and its key through SQS. */
export const sendOnlyDestination = (queue: sqs.IQueue): lambda.IDestination => ({
  bind: (_scope, fn) => {
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
    grantQueueKeyUse(queue, fn);
    return { destination: queue.queueArn };
  },
});
