import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { RecipeStatus } from './recipe-status.ts';

/** The deployer's settings, as `cdk deploy -c key=value` gives them. All optional. */
export interface RecipeStatusSettings {
  /** Name or ARN of an existing event bus; the default bus when absent. */
  readonly eventBus?: string;
  /** Comma-separated `source` values to match; any source when absent. */
  readonly sources?: string;
  /** `retain` (default) or `destroy`. */
  readonly tableRemovalPolicy?: string;
  /** `true` (default) or `false`. */
  readonly deletionProtection?: string;
  readonly alarmTopicArn?: string;
  readonly alarmEmail?: string;
  /** Days; one of CloudWatch Logs' retention values. 30 when absent. */
  readonly logRetentionDays?: string;
  readonly historyRetentionDays?: string;
  readonly rejectedRetentionDays?: string;
  /** Minutes without an applied event before alarming; no such alarm when absent. */
  readonly noAppliedEventsAlarmMinutes?: string;
  /** `true` (default) or `false`: the signed-webhook endpoint. */
  readonly ingestion?: string;
  /** The webhook URL as configured in the exporter; the function URL when absent. */
  readonly webhookUrl?: string;
  /** `source` of the events the endpoint puts on the bus; `signageos` when absent. */
  readonly eventSource?: string;
}

export const SETTING_NAMES = [
  'eventBus',
  'sources',
  'tableRemovalPolicy',
  'deletionProtection',
  'alarmTopicArn',
  'alarmEmail',
  'logRetentionDays',
  'historyRetentionDays',
  'rejectedRetentionDays',
  'noAppliedEventsAlarmMinutes',
  'ingestion',
  'webhookUrl',
  'eventSource',
] as const satisfies readonly (keyof RecipeStatusSettings)[];

export class SettingError extends Error {
  override readonly name = 'SettingError';
}

const positiveInteger = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new SettingError(`-c ${name} must be a whole number above 0, got "${raw}"`);
  return value;
};

const oneOf = <T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const found = allowed.find((value) => value === raw.toLowerCase());
  if (found === undefined)
    throw new SettingError(`-c ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return found;
};

const logRetention = (raw: string | undefined): logs.RetentionDays | undefined => {
  const days = positiveInteger('logRetentionDays', raw);
  if (days === undefined) return undefined;
  const allowed = Object.values(logs.RetentionDays).filter(
    (value): value is number => typeof value === 'number',
  );
  if (!allowed.includes(days))
    throw new SettingError(`-c logRetentionDays must be one of ${allowed.join(', ')}, got "${raw}"`);
  return days;
};

export interface RecipeStatusStackProps extends StackProps {
  readonly settings?: RecipeStatusSettings;
}

/** A thin stack: turns the deployer's settings into the construct's props. */
export class RecipeStatusStack extends Stack {
  readonly recipeStatus: RecipeStatus;

  constructor(scope: Construct, id: string, props: RecipeStatusStackProps = {}) {
    super(scope, id, props);
    const settings = props.settings ?? {};

    const eventBus =
      settings.eventBus === undefined || settings.eventBus === ''
        ? undefined
        : settings.eventBus.startsWith('arn:')
          ? events.EventBus.fromEventBusArn(this, 'EventBus', settings.eventBus)
          : events.EventBus.fromEventBusName(this, 'EventBus', settings.eventBus);

    let alarmTopic: sns.ITopic | undefined;
    if (settings.alarmTopicArn !== undefined && settings.alarmTopicArn !== '') {
      alarmTopic = sns.Topic.fromTopicArn(this, 'AlarmTopic', settings.alarmTopicArn);
    } else if (settings.alarmEmail !== undefined && settings.alarmEmail !== '') {
      const topic = new sns.Topic(this, 'AlarmTopic', {
        enforceSSL: true,
        displayName: 'recipe-status alarms',
      });
      topic.addSubscription(new EmailSubscription(settings.alarmEmail));
      acknowledge(topic, {
        'Serverless-SNSRedrivePolicy':
          'An undelivered alarm e-mail leaves the alarm in ALARM state, where the console and the API still show it.',
        'AwsSolutions-SNS2':
          'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key, and alarm notifications carry no event data.',
      });
      alarmTopic = topic;
    }

    const sources = settings.sources
      ?.split(',')
      .map((source) => source.trim())
      .filter((source) => source !== '');
    const historyRetentionDays = positiveInteger('historyRetentionDays', settings.historyRetentionDays);
    const rejectedRetentionDays = positiveInteger('rejectedRetentionDays', settings.rejectedRetentionDays);
    const retention = logRetention(settings.logRetentionDays);
    const noAppliedMinutes = positiveInteger(
      'noAppliedEventsAlarmMinutes',
      settings.noAppliedEventsAlarmMinutes,
    );
    const removal = oneOf('tableRemovalPolicy', settings.tableRemovalPolicy, ['retain', 'destroy'] as const);
    const protection = oneOf('deletionProtection', settings.deletionProtection, ['true', 'false'] as const);
    const ingestion = oneOf('ingestion', settings.ingestion, ['true', 'false'] as const);
    const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
    const webhookUrl = nonEmpty(settings.webhookUrl);
    const eventSource = nonEmpty(settings.eventSource);

    this.recipeStatus = new RecipeStatus(this, 'RecipeStatus', {
      ...(eventBus !== undefined && { eventBus }),
      ...(sources !== undefined && sources.length > 0 && { sources }),
      ...(removal !== undefined && {
        tableRemovalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      }),
      ...(protection !== undefined && { deletionProtection: protection === 'true' }),
      ...(alarmTopic !== undefined && { alarmTopic }),
      ...(retention !== undefined && { logRetention: retention }),
      ...(historyRetentionDays !== undefined && { historyRetentionDays }),
      ...(rejectedRetentionDays !== undefined && { rejectedRetentionDays }),
      ...(noAppliedMinutes !== undefined && {
        noAppliedEventsAlarmPeriod: Duration.minutes(noAppliedMinutes),
      }),
      ingestion:
        ingestion === 'false'
          ? false
          : {
              ...(webhookUrl !== undefined && { webhookUrl }),
              ...(eventSource !== undefined && { eventSource }),
            },
    });
  }
}
