import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { StatusAlarmThresholds } from './alarms/status-alarms.ts';
import type { ChangeNotifications } from './changes/change-notifications.ts';
import type { IngestionProps } from './functions/ingestion-endpoint.ts';
import type { FunctionSizing } from './functions/node-function.ts';

/** The tag every resource of the component carries, so a bill or an inventory can find them. */
export const COMPONENT_TAG = { key: 'component', value: 'recipe-status' } as const;

/** The status function, as a platform team sizes it. */
export interface StatusFunctionProps extends FunctionSizing {
  /**
   * At most this many concurrent executions: a bulk provisioning then waits in
   * Lambda's asynchronous queue instead of throttling DynamoDB into retries
   * (lambda/shared/function-limits.ts sizes the default from a new table's capacity);
   * `false` reserves none, for an account below 110 (docs/deploy.md, A small account).
   * @default 10
   */
  readonly reservedConcurrency?: number | false;
}

/** What a user of the `RecipeStatus` construct may set; every prop has a default. */
export interface RecipeStatusProps {
  /**
   * An existing bus the rule listens on and the ingestion endpoint puts on. Its
   * policy is then yours: whoever may put events on it can write statuses (docs/security.md).
   * @default - a bus of the component's own, which only the ingestion role and `eventBusWriters` may put events on
   */
  readonly eventBus?: events.IEventBus | events.EventBus;
  /**
   * IAM role or user ARNs that may put events on the component's own bus besides the ingestion endpoint.
   * @default - none
   */
  readonly eventBusWriters?: readonly string[];
  /**
   * How long the component's own bus archives every delivery, for replay.
   * @default Duration.days(90)
   */
  readonly archiveRetention?: Duration;
  /**
   * Only events with one of these `source` values are matched (and only from this stack's account).
   * @default - the ingestion endpoint's `eventSource`, 'signageos'
   */
  readonly sources?: readonly string[];
  /**
   * Both functions' application log level (Lambda's JSON log format).
   * @default lambda.ApplicationLogLevel.INFO
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel;
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
   * Keeps 0.2's `byOrganization` index, for the first of the two deploys that upgrade a 0.2 table.
   * @default false
   */
  readonly keepOrganizationIndex?: boolean;
  /**
   * How long a recipe may stay Pending before it is reported stuck (docs/data-model.md#stuck-recipes), or
   * `false` for no detector.
   * @default Duration.days(1)
   */
  readonly stuckThreshold?: Duration | false;
  /**
   * Where page alarms (data at risk, an outage) notify, on ALARM and on OK. If it is encrypted, its key must let CloudWatch use it.
   * @default - a topic of the component's own, encrypted with `encryptionKey` or a new customer-managed KMS key
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Where ticket alarms (a producer's data to fix in working hours) notify, on ALARM and on OK.
   * @default - a topic of the component's own, under the same key as the page topic
   */
  readonly ticketTopic?: sns.ITopic;
  /**
   * An address the component's own topics mail (not a topic given as `alarmTopic` or `ticketTopic`).
   * @default - no subscription: subscribe your pager to the AlarmTopicArn output, your ticket queue to TicketTopicArn
   */
  readonly alarmEmail?: string;
  /**
   * Every alarm is named `<alarmNamePrefix>-<alarm id>`, so a pager can route by name.
   * @default - the stack's name, then the construct's path below the stack unless it is the stack's own name
   */
  readonly alarmNamePrefix?: string;
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
   * A customer-managed key for everything that keeps data: the table, both
   * dead-letter queues, the functions' log groups, the component's own alarm
   * topics, its bus and archive, and the generated webhook secret. A key created
   * in the same app gets the key-policy statements the services need; for an
   * imported key, add them to its policy (docs/package.md).
   * @default - keys AWS manages or owns: DynamoDB's, SQS's, CloudWatch Logs', EventBridge's, Secrets Manager's
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * An SNS topic per status of interest: `{ Failed: topic }` sends every change
   * into `Failed` to it, `{ Failed: { topic, organizationUids: ['org-acme'] } }`
   * those of one organization (docs/changes.md).
   * @default - no notification rule
   */
  readonly notify?: ChangeNotifications;
}
