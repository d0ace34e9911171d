import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';

export interface AlarmTopicProps {
  /** An address the topic mails every alarm to; none when absent (subscribe a pager yourself). */
  readonly email?: string | undefined;
  /** The key the topic is encrypted with; a new customer-managed key when absent. */
  readonly key?: kms.IKey | undefined;
}

/** An alarm topic under a customer-managed key CloudWatch may use (it cannot publish under the AWS managed SNS key). */
export const createAlarmTopic = (scope: Construct, id: string, props: AlarmTopicProps = {}): sns.Topic => {
  const { account, region } = Stack.of(scope);
  const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const fromOurAlarms = {
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: { 'aws:SourceArn': `arn:${Stack.of(scope).partition}:cloudwatch:${region}:${account}:alarm:*` },
  };
  const key =
    props.key ??
    new kms.Key(scope, `${id}Key`, {
      description: 'recipe-status: encrypts the alarm topic; CloudWatch may use it to publish',
      enableKeyRotation: true,
      // It encrypts notifications in flight only: with the stack, it goes (after KMS's waiting period).
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudWatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
  const topic = new sns.Topic(scope, id, {
    displayName: 'recipe-status alarms',
    masterKey: key,
    enforceSSL: true,
  });
  // The topic policy enforceSSL writes replaces SNS's default one: CloudWatch needs its own allow.
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudWatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: fromOurAlarms,
    }),
  );
  if (props.email !== undefined) topic.addSubscription(new EmailSubscription(props.email));
  acknowledge(topic, {
    'Serverless-SNSRedrivePolicy':
      'An undelivered alarm notification leaves the alarm in ALARM state, where the console, the API and the dashboard still show it.',
  });
  return topic;
};
