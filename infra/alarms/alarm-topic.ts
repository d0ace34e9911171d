// The page and ticket topics the alarms notify, each the user's own or created here under one key.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.ts';
import type { AlarmSeverity } from './alarms.ts';

export interface AlarmTopicsProps {
  /** An existing topic for page alarms; created here when absent. */
  readonly pageTopic?: sns.ITopic | undefined;
  /** An existing topic for ticket alarms; created here when absent. */
  readonly ticketTopic?: sns.ITopic | undefined;
  /** An address the created topics mail every alarm to; none when absent (subscribe a pager yourself). */
  readonly email?: string | undefined;
  /** The key the created topics are encrypted with; a new customer-managed key when absent. */
  readonly key?: kms.IKey | undefined;
}

export type AlarmTopics = Readonly<Record<AlarmSeverity, sns.ITopic>>;

/** The topics; a created one is under a customer-managed key CloudWatch may use (it cannot under the AWS managed SNS key). */
export const createAlarmTopics = (scope: Construct, props: AlarmTopicsProps): AlarmTopics => {
  if (props.pageTopic !== undefined && props.ticketTopic !== undefined)
    return { page: props.pageTopic, ticket: props.ticketTopic };
  const key =
    props.key ??
    new kms.Key(scope, 'AlarmTopicKey', {
      description: 'recipe-status: encrypts the alarm topics; CloudWatch may use it to publish',
      enableKeyRotation: true,
      // It encrypts notifications in flight only: with the stack, it goes (after KMS's waiting period).
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );
  return {
    page: props.pageTopic ?? createTopic(scope, 'AlarmTopic', 'recipe-status page alarms', key, props.email),
    ticket:
      props.ticketTopic ?? createTopic(scope, 'TicketTopic', 'recipe-status ticket alarms', key, props.email),
  };
};

const createTopic = (
  scope: Construct,
  id: string,
  displayName: string,
  key: kms.IKey,
  email: string | undefined,
): sns.Topic => {
  const { account, region, partition } = Stack.of(scope);
  const topic = new sns.Topic(scope, id, { displayName, masterKey: key, enforceSSL: true });
  // The topic policy enforceSSL writes replaces SNS's default one: CloudWatch needs its own allow.
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
      },
    }),
  );
  if (email !== undefined) topic.addSubscription(new EmailSubscription(email));
  acknowledge(topic, {
    'Serverless-SNSRedrivePolicy':
      'An undelivered alarm notification leaves the alarm in ALARM state, where the console, the API and the dashboard still show it.',
  });
  return topic;
};
