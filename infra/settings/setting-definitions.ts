// Every `-c` setting: its name, what it means, and the bounds of the numeric ones.
import type { Bounds } from './setting-checks.ts';

/** The deployer's settings, as `cdk deploy -c key=value` gives them. All optional. */
export interface RecipeStatusSettings {
  /** Name or ARN of an existing event bus (`default` for the account's); a bus of the component's own when absent. */
  readonly eventBus?: string;
  /** Comma-separated `source` values to match; the endpoint's `eventSource` when absent. */
  readonly sources?: string;
  /** `retain` (default) or `destroy`. */
  readonly tableRemovalPolicy?: string;
  /** `true` (default) or `false`. */
  readonly deletionProtection?: string;
  /** `true` or `false` (default): keep 0.2's `byOrganization` index during an upgrade. */
  readonly keepOrganizationIndex?: string;
  /** Minutes a recipe may stay Pending before it is reported stuck, or `off` (no detector); 1440, a day, when absent. */
  readonly stuckThresholdMinutes?: string;
  /** An existing SNS topic for the page alarms; a topic of the component's own when absent. */
  readonly alarmTopicArn?: string;
  /** An existing SNS topic for the ticket alarms; a topic of the component's own when absent. */
  readonly ticketTopicArn?: string;
  /** An address the component's own alarm topics mail. */
  readonly alarmEmail?: string;
  /** Every alarm's name starts with it; the stack's name when absent. */
  readonly alarmNamePrefix?: string;
  /** Days; one of CloudWatch Logs' retention values. 30 when absent. */
  readonly logRetentionDays?: string;
  /** Days after which history items expire; kept when absent. */
  readonly historyRetentionDays?: string;
  /** Days after which rejected-event records expire; kept when absent. */
  readonly rejectedRetentionDays?: string;
  /** Minutes without an applied event before alarming; no such alarm when absent. */
  readonly noAppliedEventsAlarmMinutes?: string;
  /** Hours without an accepted delivery before paging (a heartbeat); no such alarm when absent. */
  readonly noDeliveriesAlarmHours?: string;
  /** `true` (default) or `false`: the signed-webhook endpoint. */
  readonly ingestion?: string;
  /** The webhook URL as configured in the exporter; the function URL when absent. */
  readonly webhookUrl?: string;
  /** `source` of the events the endpoint puts on the bus; `signageos` when absent. */
  readonly eventSource?: string;
  /** Comma-separated IAM role or user ARNs that may also put events on the component's own bus. */
  readonly eventBusWriters?: string;
  /** Days the component's own bus archives every delivery; 90 when absent. */
  readonly archiveRetentionDays?: string;
  /** The status function's reserved concurrency, or `off`; 10 when absent. */
  readonly statusReservedConcurrency?: string;
  /** The ingestion function's reserved concurrency, or `off`; 10 when absent. */
  readonly ingestionReservedConcurrency?: string;
  /** Both functions' application log level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL); INFO when absent. */
  readonly logLevel?: string;
}

/** Every setting `-c` is read for: a name missing here would be silently ignored. */
export const SETTING_NAMES = [
  'eventBus',
  'sources',
  'tableRemovalPolicy',
  'deletionProtection',
  'keepOrganizationIndex',
  'stuckThresholdMinutes',
  'alarmTopicArn',
  'ticketTopicArn',
  'alarmEmail',
  'alarmNamePrefix',
  'logRetentionDays',
  'historyRetentionDays',
  'rejectedRetentionDays',
  'noAppliedEventsAlarmMinutes',
  'noDeliveriesAlarmHours',
  'ingestion',
  'webhookUrl',
  'eventSource',
  'eventBusWriters',
  'archiveRetentionDays',
  'statusReservedConcurrency',
  'ingestionReservedConcurrency',
  'logLevel',
] as const satisfies readonly (keyof RecipeStatusSettings)[];

/** 100 years: where AWS sets no upper limit, a bound that still catches a typo. */
const CENTURY = { min: 1, max: 36_500 } as const;

/** Each numeric setting's bounds, from the AWS limit the value feeds. */
export const SETTING_BOUNDS = {
  historyRetentionDays: { ...CENTURY, limit: 'DynamoDB TTL sets no upper limit' },
  rejectedRetentionDays: { ...CENTURY, limit: 'DynamoDB TTL sets no upper limit' },
  archiveRetentionDays: {
    ...CENTURY,
    limit: 'EventBridge archives set no upper limit; 0, forever, is not offered',
  },
  noAppliedEventsAlarmMinutes: {
    min: 1,
    max: 10_080,
    limit: 'CloudWatch evaluates an alarm over 7 days at most',
  },
  stuckThresholdMinutes: {
    min: 15,
    max: 525_600,
    limit:
      "no AWS limit: below the detector's 15-minute schedule it could not be on time; a year catches a typo",
  },
  noDeliveriesAlarmHours: { min: 1, max: 168, limit: 'CloudWatch evaluates an alarm over 7 days at most' },
  statusReservedConcurrency: {
    min: 1,
    max: 900,
    limit: "Lambda's default account quota of 1000 less the 100 it keeps unreserved",
  },
  ingestionReservedConcurrency: {
    min: 1,
    max: 900,
    limit: "Lambda's default account quota of 1000 less the 100 it keeps unreserved",
  },
} as const satisfies Partial<Record<keyof RecipeStatusSettings, Bounds>>;
