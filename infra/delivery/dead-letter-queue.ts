import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';

/** Both dead-letter queues keep a message for the longest SQS allows, to leave time to redrive. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/** A dead-letter queue, encrypted (the given key, else SQS's own), TLS only; in `scope` itself, to keep its logical id. */
export const createDeadLetterQueue = (scope: Construct, id: string, key: kms.IKey | undefined): sqs.Queue => {
  const queue = new sqs.Queue(scope, id, {
    ...(key === undefined
      ? { encryption: sqs.QueueEncryption.SQS_MANAGED }
      : { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key }),
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  acknowledge(queue, {
    'AwsSolutions-SQS3':
      'This queue is itself a dead-letter queue; its messages are redriven by `recipe-status redrive`.',
    'Serverless-SQSRedrivePolicy':
      'This queue is itself a dead-letter queue; a further one would only hide messages.',
  });
  return queue;
};
