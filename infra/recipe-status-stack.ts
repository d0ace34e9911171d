import { Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { RecipeStatus } from './recipe-status.ts';
import { type ParsedSettings, parseSettings, type RecipeStatusSettings } from './settings.ts';

export interface RecipeStatusStackProps extends StackProps {
  readonly settings?: RecipeStatusSettings;
}

/** A thin stack: turns the deployer's settings into the construct's props. */
export class RecipeStatusStack extends Stack {
  readonly recipeStatus: RecipeStatus;

  constructor(scope: Construct, id: string, props: RecipeStatusStackProps = {}) {
    super(scope, id, props);
    const settings = parseSettings(props.settings ?? {});
    const eventBus = this.eventBus(settings.eventBus);
    const alarmTopic = this.alarmTopic(settings.alarms);

    this.recipeStatus = new RecipeStatus(this, 'RecipeStatus', {
      ...settings.props,
      ...(eventBus !== undefined && { eventBus }),
      ...(alarmTopic !== undefined && { alarmTopic }),
    });
  }

  private eventBus(bus: ParsedSettings['eventBus']): events.IEventBus | undefined {
    if (bus === undefined) return undefined;
    return 'arn' in bus
      ? events.EventBus.fromEventBusArn(this, 'EventBus', bus.arn)
      : events.EventBus.fromEventBusName(this, 'EventBus', bus.name);
  }

  private alarmTopic(alarms: ParsedSettings['alarms']): sns.ITopic | undefined {
    if (alarms === undefined) return undefined;
    if ('topicArn' in alarms) return sns.Topic.fromTopicArn(this, 'AlarmTopic', alarms.topicArn);
    const topic = new sns.Topic(this, 'AlarmTopic', {
      enforceSSL: true,
      displayName: 'recipe-status alarms',
    });
    topic.addSubscription(new EmailSubscription(alarms.email));
    acknowledge(topic, {
      'Serverless-SNSRedrivePolicy':
        'An undelivered alarm e-mail leaves the alarm in ALARM state, where the console and the API still show it.',
      'AwsSolutions-SNS2':
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key, and alarm notifications carry no event data.',
    });
    return topic;
  }
}
