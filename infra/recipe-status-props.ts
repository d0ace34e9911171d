import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { IngestionProps } from './ingestion-endpoint.ts';

/** What a user of the `RecipeStatus` construct may set; every prop has a default. */
export interface RecipeStatusProps {
  /**
   * The bus whose events the rule matches.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * Only events with one of these `source` values are matched.
   * @default - any source
   */
  readonly sources?: readonly string[];
  /**
   * What happens to the table when the stack is deleted or the table replaced.
   * @default RemovalPolicy.RETAIN
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /**
   * Whether the table refuses deletion until this is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Where alarms notify.
   * @default - alarms are created without actions
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * How long the functions' logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Days after which history items expire (DynamoDB TTL).
   * @default - kept forever
   */
  readonly historyRetentionDays?: number;
  /**
   * Days after which rejected-event records expire (DynamoDB TTL).
   * @default - kept forever
   */
  readonly rejectedRetentionDays?: number;
  /**
   * Alarm when no event was applied for this long.
   * @default - no such alarm
   */
  readonly noAppliedEventsAlarmPeriod?: Duration;
  /**
   * The signed-webhook endpoint signageOS delivers to, which puts each delivery on the bus.
   * `false` leaves it out (deliveries reach the bus some other way).
   * @default - on, with the defaults of IngestionProps
   */
  readonly ingestion?: IngestionProps | false;
}
