import { Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { RecipeStatus } from './recipe-status.ts';
import { type ParsedSettings, parseSettings, type RecipeStatusSettings } from './settings.ts';

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
    const alarmTopic = this.alarmTopic(settings.alarms);

    this.recipeStatus = new RecipeStatus(this, 'RecipeStatus', {
      ...settings.props,
      ...(eventBus !== undefined && { eventBus }),
      ...(alarmTopic !== undefined && { alarmTopic }),
      ...(settings.alarms !== undefined &&
        'email' in settings.alarms && { alarmEmail: settings.alarms.email }),
    });
  }

  private eventBus(bus: ParsedSettings['eventBus']): events.IEventBus | undefined {
    if (bus === undefined) return undefined;
    return 'arn' in bus
      ? events.EventBus.fromEventBusArn(this, 'EventBus', bus.arn)
      : events.EventBus.fromEventBusName(this, 'EventBus', bus.name);
  }

  /** An existing topic; otherwise the construct creates its own (mailing `alarmEmail`, if given). */
  private alarmTopic(alarms: ParsedSettings['alarms']): sns.ITopic | undefined {
    if (alarms === undefined || !('topicArn' in alarms)) return undefined;
    return sns.Topic.fromTopicArn(this, 'AlarmTopic', alarms.topicArn);
  }
}
