import { Annotations, Duration, Stack, Tags } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { recipeStatusEventPattern } from '../lambda/contract/event-pattern.ts';
import { STATUS_DEFAULT_RESERVED_CONCURRENCY } from '../lambda/shared/function-limits.ts';
import { OUTCOME_METRICS } from '../lambda/shared/metric-names.ts';
import { acknowledge } from './acknowledge.ts';
import { functionCount } from './alarms/alarm-options.ts';
import { createAlarmTopics } from './alarms/alarm-topic.ts';
import { Alarms, defaultAlarmNamePrefix } from './alarms/alarms.ts';
import { createDashboard } from './alarms/dashboard.ts';
import { watchDeliveryPath } from './alarms/delivery-alarms.ts';
import { watchStatusPath } from './alarms/status-alarms.ts';
import { ChangePublisher } from './changes/change-publisher.ts';
import { toCdkEventPattern } from './delivery/cdk-event-pattern.ts';
import { createDeadLetterQueue } from './delivery/dead-letter-queue.ts';
import {
  asEventBus,
  createDeliveryBus,
  DEFAULT_ARCHIVE_RETENTION_DAYS,
  letOnlyWritersPut,
} from './delivery/delivery-bus.ts';
import { deliveryRouting } from './delivery/delivery-routing.ts';
import { sendOnlyDestination } from './delivery/send-only-destination.ts';
import { allowEventBridgeDeadLetters, allowLogs, grantTableKeyUse } from './encryption-key.ts';
import { IngestionEndpoint } from './functions/ingestion-endpoint.ts';
import { NodeFunction, reservation } from './functions/node-function.ts';
import { createWebhookSecret } from './functions/webhook-secret.ts';
import { addOutputs } from './outputs.ts';
import { COMPONENT_TAG, type RecipeStatusProps } from './recipe-status-props.ts';
import { createStatusTable } from './status-table.ts';
import { StuckDetection } from './stuck/stuck-detection.ts';

export type { IngestionProps } from './functions/ingestion-endpoint.ts';
export type { RecipeStatusProps, StatusFunctionProps } from './recipe-status-props.ts';

/** The whole component; its stateful resources are created in this scope, keeping their logical ids (docs/deploy.md). */
export class RecipeStatus extends Construct {
  readonly table: dynamodb.Table;
  readonly handler: NodeFunction;
  readonly rule: events.Rule;
  /** Events EventBridge could not deliver to the function. */
  readonly ruleDeadLetterQueue: sqs.Queue;
  /** Events the function failed on after Lambda's retries (invocation records). */
  readonly failureQueue: sqs.Queue;
  readonly alarms: Alarms;
  /** The signed-webhook endpoint, unless ingestion is off. */
  readonly ingestHandler?: IngestionEndpoint;
  readonly webhookUrl?: lambda.FunctionUrl;
  readonly webhookSecret?: secretsmanager.ISecret | secretsmanager.Secret;
  /** The bus the rule listens on: the component's own unless `eventBus` was given. */
  readonly eventBus: events.IEventBus;
  /** Page alarms notify it, on ALARM and on OK. */
  readonly alarmTopic: sns.ITopic;
  /** Ticket alarms notify it, on ALARM and on OK. */
  readonly ticketTopic: sns.ITopic;
  readonly dashboard: cloudwatch.Dashboard;
  /** Puts a `RecipeStatus.Changed` event on the bus for every change of a current status. */
  readonly changePublisher: ChangePublisher;
  /** The scheduled detector of recipes stuck in Pending, unless `stuckThreshold` is `false`. */
  readonly stuckDetection?: StuckDetection;

  constructor(scope: Construct, id: string, props: RecipeStatusProps = {}) {
    super(scope, id);
    Tags.of(this).add(COMPONENT_TAG.key, COMPONENT_TAG.value);
    const key = props.encryptionKey;
    if (key !== undefined) {
      allowLogs(key, this);
      allowEventBridgeDeadLetters(key, this);
    }
    this.table = createStatusTable(this, props);
    this.ruleDeadLetterQueue = createDeadLetterQueue(this, 'RuleDeadLetterQueue', key);
    this.failureQueue = createDeadLetterQueue(this, 'FailureQueue', key);
    const topics = createAlarmTopics(this, {
      pageTopic: props.alarmTopic,
      ticketTopic: props.ticketTopic,
      email: props.alarmEmail,
      key,
    });
    this.alarmTopic = topics.page;
    this.ticketTopic = topics.ticket;
    this.alarms = new Alarms(this, 'Alarms', {
      pageTopic: topics.page,
      ticketTopic: topics.ticket,
      namePrefix: props.alarmNamePrefix ?? defaultAlarmNamePrefix(this),
    });
    const { eventSource, sources, accounts } = deliveryRouting(props, Stack.of(this).account);
    const ownBus =
      props.eventBus === undefined
        ? createDeliveryBus(this, 'EventBus', {
            sources: [...new Set([...sources, eventSource])],
            archiveRetention: props.archiveRetention ?? Duration.days(DEFAULT_ARCHIVE_RETENTION_DAYS),
            key,
          })
        : undefined;
    this.eventBus = asEventBus(props.eventBus ?? (ownBus as events.EventBus));

    const sizing = props.statusFunction ?? {};
    this.handler = new NodeFunction(this, 'Handler', {
      bundle: 'status',
      roleDescription: 'recipe-status handler: write its log group, put and get items of its table',
      logRetention: props.logRetention,
      logEncryptionKey: key,
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      // A storm queues in Lambda's asynchronous queue instead of throttling DynamoDB.
      reservedConcurrency: reservation(sizing.reservedConcurrency, STATUS_DEFAULT_RESERVED_CONCURRENCY),
      environment: {
        TABLE_NAME: this.table.tableName,
        ...(props.historyRetentionDays !== undefined && {
          HISTORY_RETENTION_DAYS: String(props.historyRetentionDays),
        }),
        ...(props.rejectedRetentionDays !== undefined && {
          REJECTED_RETENTION_DAYS: String(props.rejectedRetentionDays),
        }),
      },
      // Lambda retries a failed asynchronous invocation twice, then records it here.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: sendOnlyDestination(this.failureQueue),
      ...(props.applicationLogLevel !== undefined && { applicationLogLevel: props.applicationLogLevel }),
    });
    // Exactly what the store sends (test/infra/security.test.ts), on the table only: it reads no index.
    iam.Grant.addToPrincipal({
      grantee: this.handler,
      actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
      resourceArns: [this.table.tableArn],
    });
    if (key !== undefined) grantTableKeyUse(key, this.handler, this);
    acknowledge(this.handler, {
      'Serverless-LambdaDLQ':
        'Failed events go to an on-failure destination (SQS), which carries the error as well as the event.',
      'Serverless-LambdaTracing':
        'Each event is traced by its one structured log line (event id, outcome); X-Ray would add cost and a wildcard grant for one DynamoDB call.',
    });

    this.rule = new events.Rule(this, 'Rule', {
      description: 'Device.ProvisioningRecipeStatusUpdated to the recipe-status function',
      eventBus: this.eventBus,
      eventPattern: toCdkEventPattern({ ...recipeStatusEventPattern(sources), account: accounts }),
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.handler, {
        deadLetterQueue: this.ruleDeadLetterQueue,
        // EventBridge's own limits, made explicit: retry for a day before dead-lettering.
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );
    watchStatusPath(this.alarms, {
      ruleDeadLetterQueue: this.ruleDeadLetterQueue,
      failureQueue: this.failureQueue,
      handler: this.handler,
      noAppliedEventsAlarmPeriod: props.noAppliedEventsAlarmPeriod,
      thresholds: props.alarmThresholds,
    });
    watchDeliveryPath(this.alarms, {
      rule: this.rule,
      customBus: this.eventBus.eventBusName === 'default' ? undefined : this.eventBus,
      ruleDeadLetterQueue: this.ruleDeadLetterQueue,
      failureQueue: this.failureQueue,
    });

    const failureQueue = createDeadLetterQueue(this, 'ChangeFailureQueue', key);
    const changes = { table: this.table, eventBus: this.eventBus, alarms: this.alarms, failureQueue };
    this.changePublisher = new ChangePublisher(this, 'ChangePublisher', { ...changes, settings: props });

    if (props.ingestion !== false) {
      const { webhookSecret, ...ingestion } = props.ingestion ?? {};
      const secret = webhookSecret ?? createWebhookSecret(this, key);
      acknowledge(secret, {
        'AwsSolutions-SMG4':
          'The secret must change in the signageOS exporter at the same moment, so rotation is a documented manual step (put a new value; AWSPREVIOUS stays valid meanwhile).',
      });
      this.webhookSecret = secret;
      this.ingestHandler = new IngestionEndpoint(this, 'IngestHandler', {
        ...ingestion,
        webhookSecret: secret,
        eventBus: this.eventBus,
        alarms: this.alarms,
        logRetention: props.logRetention,
        logEncryptionKey: key,
        ...(props.applicationLogLevel !== undefined && { applicationLogLevel: props.applicationLogLevel }),
      });
      this.webhookUrl = this.ingestHandler.url;
    }
    const { table, eventBus, alarms } = this;
    if (props.stuckThreshold !== false)
      this.stuckDetection = new StuckDetection(this, 'StuckDetection', {
        table,
        eventBus,
        alarms,
        key,
        props,
      });
    // With ingestion off and no writer named, nobody may put events on it (docs/security.md).
    if (ownBus !== undefined) {
      letOnlyWritersPut(
        ownBus,
        this.ingestHandler?.role,
        [this.changePublisher.function.role, this.stuckDetection?.role],
        props.eventBusWriters ?? [],
      );
      if (this.ingestHandler === undefined && (props.eventBusWriters ?? []).length === 0)
        Annotations.of(this).addWarningV2(
          'recipe-status:closedBus',
          "Ingestion is off and no eventBusWriters are named: nothing may put events on the component's own bus. Name the writers, or the bus they put on with eventBus.",
        );
    }
    this.dashboard = createDashboard(this, 'Dashboard', {
      statusFunction: this.handler,
      ingestFunction: this.ingestHandler,
      ruleDeadLetterQueue: this.ruleDeadLetterQueue,
      failureQueue: this.failureQueue,
      alarms: this.alarms.all,
    });
    addOutputs(this, this, ownBus);
  }

  /** The count the status handler's log line emits for an outcome. */
  outcomeMetric(outcome: keyof typeof OUTCOME_METRICS, period: Duration): cloudwatch.Metric {
    return functionCount(this.handler, OUTCOME_METRICS[outcome], period);
  }
}
