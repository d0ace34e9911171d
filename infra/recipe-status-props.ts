import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { StatusAlarmThresholds } from './alarms.ts';
import type { IngestionProps } from './ingestion-endpoint.ts';
import type { FunctionSizing } from './node-function.ts';

/** The status function, as a platform team sizes it. */
export interface StatusFunctionProps extends FunctionSizing {
  /**
   * At most this many concurrent executions: a bulk provisioning then waits in
   * Lambda's asynchronous queue instead of throttling DynamoDB into retries
   * (lambda/shared/function-limits.ts sizes the default from a new table's capacity).
   * @default 10
   */
  readonly reservedConcurrency?: number;
}

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
  /**
   * Memory, timeout and reserved concurrency of the status function.
   * @default - 256 MB, 12 s, 10 concurrent executions
   */
  readonly statusFunction?: StatusFunctionProps;
  /**
   * How many occurrences in five minutes raise each status-path alarm. The
   * dead-letter alarms have no threshold: one message there is one event to redrive.
   * @default - every alarm on the first occurrence
   */
  readonly alarmThresholds?: StatusAlarmThresholds;
  /**
   * A customer-managed key for the table, both dead-letter queues and the
   * functions' log groups. A key created in the same app gets the key-policy
   * statements CloudWatch Logs and EventBridge need; for an imported key, add
   * them to its policy (docs/package.md). The status function may use it through
   * DynamoDB only.
   * @default - keys AWS manages: DynamoDB's for the table, SQS's for the queues, CloudWatch Logs' own
   */
  readonly encryptionKey?: kms.IKey;
}
