import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INGEST_METRICS, METRIC_NAMESPACE, OUTCOME_METRICS } from '../lambda/shared/metric-names.ts';
import { INDEXES, PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../lambda/store/table-definition.ts';
import { acknowledge } from './acknowledge.ts';
import { recipeStatusEventPattern } from './event-pattern.ts';
import { HANDLER_BUNDLING, HANDLER_RUNTIME } from './handler-bundling.ts';

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
   * How long the function's logs are kept.
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

export interface IngestionProps {
  /**
   * The secret signageOS signs with (a plain string of at least 32 characters).
   * @default - a generated 48-character secret
   */
  readonly webhookSecret?: secretsmanager.ISecret;
  /**
   * The webhook URL exactly as configured in the signageOS exporter (it is signed).
   * @default - the function URL created here, as Lambda reports it in each request's context
   */
  readonly webhookUrl?: string;
  /**
   * The `source` of the events put on the bus.
   * @default 'signageos'
   */
  readonly eventSource?: string;
  /**
   * At most this many concurrent executions, so a flood cannot take the account's concurrency.
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /**
   * Alarm when this many signature failures happen in 5 minutes.
   * @default 10
   */
  readonly signatureFailuresAlarmThreshold?: number;
}

const HANDLER_ENTRY = fileURLToPath(new URL('../lambda/status/handler.ts', import.meta.url));
const INGEST_ENTRY = fileURLToPath(new URL('../lambda/ingestion/handler.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Alarm on the first occurrence within one period; no data is no trouble. */
const AT_LEAST_ONCE = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;
/** Both dead-letter queues keep a message for the longest SQS allows, to leave time to redrive. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * The whole component: table, function, rule, both dead-letter paths and the
 * alarms. EventBridge's target dead-letter queue catches deliveries that never
 * reached the function; the function's on-failure destination catches events
 * the function failed on after Lambda's retries. Either alone loses events.
 */
export class RecipeStatus extends Construct {
  readonly table: dynamodb.Table;
  readonly handler: NodejsFunction;
  readonly rule: events.Rule;
  /** Events EventBridge could not deliver to the function. */
  readonly ruleDeadLetterQueue: sqs.Queue;
  /** Events the function failed on after Lambda's retries (invocation records). */
  readonly failureQueue: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** The signed-webhook endpoint, unless ingestion is off. */
  readonly ingestHandler?: NodejsFunction;
  readonly webhookUrl?: lambda.FunctionUrl;
  readonly webhookSecret?: secretsmanager.ISecret | secretsmanager.Secret;
  private readonly alarmTopic: sns.ITopic | undefined;

  constructor(scope: Construct, id: string, props: RecipeStatusProps = {}) {
    super(scope, id);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection ?? true,
      // A KMS key AWS manages: encrypted at rest, and visible as such in the template.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const index of INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    const deadLetterQueue = (queueId: string) =>
      new sqs.Queue(this, queueId, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: DEAD_LETTER_RETENTION,
      });
    this.ruleDeadLetterQueue = deadLetterQueue('RuleDeadLetterQueue');
    this.failureQueue = deadLetterQueue('FailureQueue');
    for (const queue of [this.ruleDeadLetterQueue, this.failureQueue]) {
      acknowledge(queue, {
        'AwsSolutions-SQS3':
          'This queue is itself a dead-letter queue; its messages are redriven by `recipe-status redrive`.',
        'Serverless-SQSRedrivePolicy':
          'This queue is itself a dead-letter queue; a further one would only hide messages.',
      });
    }

    this.alarmTopic = props.alarmTopic;
    const { role, logGroup } = this.functionRoleAndLogs(
      'Handler',
      'recipe-status handler: write its log group, put and get items of its table',
      props.logRetention,
    );

    this.handler = this.nodeFunction('Handler', HANDLER_ENTRY, role, logGroup, {
      environment: {
        TABLE_NAME: this.table.tableName,
        NODE_OPTIONS: '--enable-source-maps',
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
      onFailure: new SqsDestination(this.failureQueue),
    });
    // Exactly what lambda/dynamodb-status-store.ts calls, on the table only (it reads no index).
    iam.Grant.addToPrincipal({
      grantee: this.handler,
      actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
      resourceArns: [this.table.tableArn],
    });
    acknowledge(this.handler, {
      'Serverless-LambdaDLQ':
        'Failed events go to an on-failure destination (SQS), which carries the error as well as the event.',
      'Serverless-LambdaTracing':
        'Each event is traced by its one structured log line (event id, outcome); X-Ray would add cost and a wildcard grant for one DynamoDB call.',
    });

    const eventBus = props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.rule = new events.Rule(this, 'Rule', {
      description: 'Device.ProvisioningRecipeStatusUpdated to the recipe-status function',
      ...(props.eventBus !== undefined && { eventBus: props.eventBus }),
      eventPattern: toCdkEventPattern(recipeStatusEventPattern(props.sources)),
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.handler, {
        deadLetterQueue: this.ruleDeadLetterQueue,
        // EventBridge's own limits, made explicit: retry for a day before dead-lettering.
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );

    this.addAlarms(props);
    this.addOutputs();
    if (props.ingestion !== false) {
      const ingestion = this.addIngestion(props.ingestion ?? {}, eventBus, props.logRetention);
      this.ingestHandler = ingestion.handler;
      this.webhookUrl = ingestion.url;
      this.webhookSecret = ingestion.secret;
    }
  }

  /**
   * A function with the defaults both share: the newest Node.js runtime, arm64, the
   * stack's bundling, 256 MB (`npm run bench` shows the cost per million events at
   * 128/256/512 MB: the work is one small JSON document and one or two AWS calls), and
   * 12 s, above the SDK clients' worst case (3 attempts × (1 s connect + 2 s request) + backoff).
   */
  private nodeFunction(
    id: string,
    entry: string,
    role: iam.IRole,
    logGroup: logs.ILogGroup,
    props: Omit<NodejsFunctionProps, 'entry' | 'role' | 'logGroup'>,
  ): NodejsFunction {
    return new NodejsFunction(this, id, {
      entry,
      projectRoot: PROJECT_ROOT,
      handler: 'handler',
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(12),
      bundling: HANDLER_BUNDLING,
      role,
      logGroup,
      ...props,
    });
  }

  /** A role that may write to the function's own log group, and that log group. */
  private functionRoleAndLogs(
    prefix: string,
    description: string,
    retention: logs.RetentionDays | undefined,
  ) {
    const logGroup = new logs.LogGroup(this, `${prefix}Logs`, {
      retention: retention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: logs to this group only.
    const role = new iam.Role(this, `${prefix}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description,
    });
    logGroup.grantWrite(role);
    return { role, logGroup };
  }

  private addIngestion(
    props: IngestionProps,
    eventBus: events.IEventBus,
    retention: logs.RetentionDays | undefined,
  ) {
    const secret =
      props.webhookSecret ??
      new secretsmanager.Secret(this, 'WebhookSecret', {
        description: 'signageOS exporter webhook secret (recipe-status ingestion)',
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
    acknowledge(secret, {
      'AwsSolutions-SMG4':
        'The secret must change in the signageOS exporter at the same moment, so rotation is a documented manual step (put a new value; AWSPREVIOUS stays valid meanwhile).',
    });
    const { role, logGroup } = this.functionRoleAndLogs(
      'IngestHandler',
      'recipe-status ingestion: write its log group, read the webhook secret, put events on one bus',
      retention,
    );
    const handler = this.nodeFunction('IngestHandler', INGEST_ENTRY, role, logGroup, {
      reservedConcurrentExecutions: props.reservedConcurrency ?? 10,
      environment: {
        EVENT_BUS_NAME: eventBus.eventBusName,
        WEBHOOK_SECRET_ARN: secret.secretArn,
        EVENT_SOURCE: props.eventSource ?? 'signageos',
        ...(props.webhookUrl !== undefined && { WEBHOOK_URL: props.webhookUrl }),
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    secret.grantRead(handler);
    eventBus.grantPutEventsTo(handler);
    const url = handler.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    acknowledge(handler, {
      'Serverless-LambdaDLQ':
        'Invoked synchronously through its URL: a failure answers 5xx and signageOS retries the delivery.',
      'Serverless-LambdaTracing':
        'Each request is traced by its one structured log line (event id, sequence number, outcome).',
    });

    const fiveMinutes = Duration.minutes(5);
    this.alarm(
      'SignatureFailuresAlarm',
      "Requests with a missing or wrong X-SOS-Signature: someone probes the URL, or the secret differs from the exporter's.",
      {
        metric: this.functionMetric(handler, INGEST_METRICS.signatureFailures, fiveMinutes),
        ...AT_LEAST_ONCE,
        threshold: props.signatureFailuresAlarmThreshold ?? 10,
      },
    );
    this.alarm(
      'PublishFailuresAlarm',
      'PutEvents failed: signageOS is told to retry; check EventBridge and the function role.',
      {
        metric: this.functionMetric(handler, INGEST_METRICS.publishFailures, fiveMinutes),
        ...AT_LEAST_ONCE,
      },
    );
    new CfnOutput(this, 'WebhookUrl', { value: url.url, description: 'signageOS exporter webhook URL' });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: secret.secretArn,
      description: 'The webhook secret to give the exporter',
    });
    return { handler, url, secret };
  }

  private addAlarms(props: RecipeStatusProps): void {
    const alarm = this.alarm.bind(this);
    const fiveMinutes = { period: Duration.minutes(5) };

    alarm(
      'RuleDeadLetterAlarm',
      'EventBridge could not deliver events to the function; they wait in the rule dead-letter queue. Fix the cause, then `recipe-status redrive`.',
      {
        metric: this.ruleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          ...fiveMinutes,
          statistic: 'Maximum',
        }),
        ...AT_LEAST_ONCE,
      },
    );
    alarm(
      'FailureQueueAlarm',
      'The function failed on events after Lambda retries; they wait in the failure queue with the error. Fix the cause, then `recipe-status redrive`.',
      {
        metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({
          ...fiveMinutes,
          statistic: 'Maximum',
        }),
        ...AT_LEAST_ONCE,
      },
    );
    alarm(
      'ErrorsAlarm',
      'The function threw (DynamoDB failing or throttled); Lambda is retrying. Check its logs.',
      {
        metric: this.handler.metricErrors({ ...fiveMinutes, statistic: 'Sum' }),
        ...AT_LEAST_ONCE,
      },
    );
    alarm(
      'ThrottlesAlarm',
      'The function was throttled: account or reserved concurrency is exhausted; events are delayed.',
      {
        metric: this.handler.metricThrottles({ ...fiveMinutes, statistic: 'Sum' }),
        ...AT_LEAST_ONCE,
      },
    );
    alarm(
      'DestinationDeliveryFailuresAlarm',
      'Lambda could not write a failed event to the failure queue: that event is lost. Check the queue and the function role.',
      {
        metric: this.handler.metric('DestinationDeliveryFailures', { ...fiveMinutes, statistic: 'Sum' }),
        ...AT_LEAST_ONCE,
      },
    );
    alarm(
      'RejectedEventsAlarm',
      'Invalid events were received and kept as rejected. `recipe-status rejected` lists them with the reasons.',
      {
        metric: this.outcomeMetric('rejected', fiveMinutes.period),
        ...AT_LEAST_ONCE,
      },
    );
    if (props.noAppliedEventsAlarmPeriod !== undefined) {
      alarm(
        'NoAppliedEventsAlarm',
        `No event was applied for ${props.noAppliedEventsAlarmPeriod.toHumanString()}: the producer, the ingestion or the rule may have stopped.`,
        {
          metric: this.outcomeMetric('applied', props.noAppliedEventsAlarmPeriod),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        },
      );
    }
  }

  private alarm(
    alarmId: string,
    description: string,
    options: cloudwatch.CreateAlarmOptions & { metric: cloudwatch.IMetric },
  ): cloudwatch.Alarm {
    const { metric, ...rest } = options;
    const created = new cloudwatch.Alarm(this, alarmId, { metric, alarmDescription: description, ...rest });
    if (this.alarmTopic !== undefined) created.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms.push(created);
    return created;
  }

  /** A count one of our functions' embedded-metric log lines emits. */
  private functionMetric(fn: lambda.IFunction, metricName: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { FunctionName: fn.functionName },
      statistic: 'Sum',
      period,
    });
  }

  /** The count the status handler's log line emits for an outcome. */
  outcomeMetric(outcome: keyof typeof OUTCOME_METRICS, period: Duration): cloudwatch.Metric {
    return this.functionMetric(this.handler, OUTCOME_METRICS[outcome], period);
  }

  private addOutputs(): void {
    const output = (outputId: string, value: string, description: string) =>
      new CfnOutput(this, outputId, { value, description });
    output('TableName', this.table.tableName, 'DynamoDB table of recipe statuses (--table for the CLI)');
    output('FunctionName', this.handler.functionName, 'Lambda function that records the events');
    output(
      'RuleDeadLetterQueueUrl',
      this.ruleDeadLetterQueue.queueUrl,
      'Events EventBridge could not deliver',
    );
    output('FailureQueueUrl', this.failureQueue.queueUrl, 'Events the function failed on after retries');
    output('RuleArn', this.rule.ruleArn, 'EventBridge rule matching Device.ProvisioningRecipeStatusUpdated');
  }
}

/** CDK spells the top-level pattern fields in camelCase; the JSON form is EventBridge's. */
const toCdkEventPattern = (pattern: ReturnType<typeof recipeStatusEventPattern>): events.EventPattern => {
  const { source, 'detail-type': detailType } = pattern;
  return {
    ...(Array.isArray(source) && { source: source.map(String) }),
    ...(Array.isArray(detailType) && { detailType: detailType.map(String) }),
  };
};
