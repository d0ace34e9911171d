import { CfnOutput } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type { RecipeStatus } from './recipe-status.ts';

/** Every output, in the component's scope, so that their keys stay those of 0.1 for whoever reads them. */
export const addOutputs = (component: RecipeStatus, ownBus: events.EventBus | undefined): void => {
  const output = (id: string, value: string, description: string) =>
    new CfnOutput(component, id, { value, description });
  output('TableName', component.table.tableName, 'DynamoDB table of recipe statuses (--table for the CLI)');
  output('FunctionName', component.handler.functionName, 'Lambda function that records the events');
  output(
    'RuleDeadLetterQueueUrl',
    component.ruleDeadLetterQueue.queueUrl,
    'Events EventBridge could not deliver',
  );
  output('FailureQueueUrl', component.failureQueue.queueUrl, 'Events the function failed on after retries');
  output(
    'ChangeFailureQueueUrl',
    component.changePublisher.failureQueue.queueUrl,
    'Unpublished change events',
  );
  output(
    'RuleArn',
    component.rule.ruleArn,
    'EventBridge rule matching Device.ProvisioningRecipeStatusUpdated',
  );
  if (component.webhookUrl !== undefined)
    output('WebhookUrl', component.webhookUrl.url, 'signageOS exporter webhook URL');
  if (component.webhookSecret !== undefined)
    output('WebhookSecretArn', component.webhookSecret.secretArn, 'The webhook secret to give the exporter');
  output('EventBusArn', component.eventBus.eventBusArn, 'The bus the rule listens on');
  const archive = ownBus?.node.tryFindChild('Archive') as events.Archive | undefined;
  if (archive !== undefined)
    output('ArchiveArn', archive.archiveArn, 'Every delivery, for aws events start-replay');
  output('AlarmTopicArn', component.alarmTopic.topicArn, 'Every alarm notifies it: subscribe your pager');
};
