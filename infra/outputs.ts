// The stack outputs operators and the CLI read, named as the docs list them.
import { CfnOutput } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** What the outputs name: the parts of `RecipeStatus`, without depending on it. */
export interface OutputValues {
  readonly table: Pick<dynamodb.ITable, 'tableName'>;
  readonly handler: Pick<lambda.IFunction, 'functionName'>;
  readonly ruleDeadLetterQueue: Pick<sqs.IQueue, 'queueUrl'>;
  readonly failureQueue: Pick<sqs.IQueue, 'queueUrl'>;
  readonly changePublisher: {
    readonly failureQueue: Pick<sqs.IQueue, 'queueUrl'>;
    readonly function: Pick<lambda.IFunction, 'functionName'>;
  };
  readonly rule: Pick<events.IRule, 'ruleArn'>;
  readonly webhookUrl?: Pick<lambda.FunctionUrl, 'url'> | undefined;
  readonly webhookSecret?: Pick<secretsmanager.ISecret, 'secretArn'> | undefined;
  readonly eventBus: Pick<events.IEventBus, 'eventBusArn'>;
  readonly alarmTopic: Pick<sns.ITopic, 'topicArn'>;
  readonly ticketTopic: Pick<sns.ITopic, 'topicArn'>;
}

/** Every output, in the component's scope, so that their keys stay the same for whoever reads them. */
export const addOutputs = (
  scope: Construct,
  values: OutputValues,
  ownBus: events.EventBus | undefined,
): void => {
  const output = (id: string, value: string, description: string) =>
    new CfnOutput(scope, id, { value, description });
  output('TableName', values.table.tableName, 'DynamoDB table of recipe statuses (--table for the CLI)');
  output('FunctionName', values.handler.functionName, 'Lambda function that records the events');
  output(
    'RuleDeadLetterQueueUrl',
    values.ruleDeadLetterQueue.queueUrl,
    'Events EventBridge could not deliver',
  );
  output('FailureQueueUrl', values.failureQueue.queueUrl, 'Events the function failed on after retries');
  output('ChangeFailureQueueUrl', values.changePublisher.failureQueue.queueUrl, 'Unpublished change events');
  output(
    'ChangePublisherFunctionName',
    values.changePublisher.function.functionName,
    'Lambda function that publishes change events: invoke it to publish failed stream records again',
  );
  output('RuleArn', values.rule.ruleArn, 'EventBridge rule matching Device.ProvisioningRecipeStatusUpdated');
  if (values.webhookUrl !== undefined)
    output('WebhookUrl', values.webhookUrl.url, 'signageOS exporter webhook URL');
  if (values.webhookSecret !== undefined)
    output('WebhookSecretArn', values.webhookSecret.secretArn, 'The webhook secret to give the exporter');
  output('EventBusArn', values.eventBus.eventBusArn, 'The bus the rule listens on');
  const archive = ownBus?.node.tryFindChild('Archive') as events.Archive | undefined;
  if (archive !== undefined)
    output('ArchiveArn', archive.archiveArn, 'Every delivery, for aws events start-replay');
  output('AlarmTopicArn', values.alarmTopic.topicArn, 'Page alarms notify it: subscribe your pager');
  output(
    'TicketTopicArn',
    values.ticketTopic.topicArn,
    'Ticket alarms notify it: subscribe your ticket queue',
  );
};
