import { Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { RecipeStatus } from './recipe-status.ts';
import { type ParsedSettings, parseSettings, type RecipeStatusSettings } from './settings/settings.ts';

export interface RecipeStatusStackProps extends StackProps {
  /**
   * The deployer's `-c` settings, as strings (readSettings reads them from the app's context).
   * @default - every setting at its default
   */
  readonly settings?: RecipeStatusSettings;
}

/** A thin stack: turns the deployer's settings into the construct's props. */
export class RecipeStatusStack extends Stack {
  readonly recipeStatus: RecipeStatus;

  constructor(scope: Construct, id: string, props: RecipeStatusStackProps = {}) {
    super(scope, id, props);
    const settings = parseSettings(props.settings ?? {});
    const eventBus = this.eventBus(settings.eventBus);
    const { page, ticket } = settings.alarmTopicArns;

    this.recipeStatus = new RecipeStatus(this, 'RecipeStatus', {
      ...settings.props,
      ...(eventBus !== undefined && { eventBus }),
      ...(page !== undefined && { alarmTopic: sns.Topic.fromTopicArn(this, 'AlarmTopic', page) }),
      ...(ticket !== undefined && { ticketTopic: sns.Topic.fromTopicArn(this, 'TicketTopic', ticket) }),
    });
  }

  private eventBus(bus: ParsedSettings['eventBus']): events.IEventBus | undefined {
    if (bus === undefined) return undefined;
    return 'arn' in bus
      ? events.EventBus.fromEventBusArn(this, 'EventBus', bus.arn)
      : events.EventBus.fromEventBusName(this, 'EventBus', bus.name);
  }
}
