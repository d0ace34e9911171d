import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PUBLISHED_EVENT_SOURCE, STATUS_CHANGED_DETAIL_TYPE } from '../../lambda/contract/detail-types.ts';
import { CURRENT_SORT_KEY, SORT_KEY } from '../../lambda/store/table-definition.ts';
import { acknowledge } from '../acknowledge.ts';
import { atLeast, SUSTAINED } from '../alarms/alarm-options.ts';
import type { Alarms } from '../alarms/alarms.ts';
import { grantQueueKeyUse } from '../delivery/send-only-destination.ts';
import { grantStreamKeyUse } from '../encryption-key.ts';
import { NodeFunction } from '../functions/node-function.ts';
import type { RecipeStatusProps } from '../recipe-status-props.ts';
import { notifyChanges } from './change-notifications.ts';

/** Records older than this go to the failure queue; the stream keeps them 24 h, so 18 h remain to read them. */
export const CHANGE_MAX_RECORD_AGE = Duration.hours(6);
/** Retries of a failing batch (each halved by bisection) before its records go to the failure queue. */
export const CHANGE_RETRY_ATTEMPTS = 10;
/** The iterator age that pages: change events are this late. */
export const CHANGE_ITERATOR_AGE_ALARM_MINUTES = 10;

export interface ChangePublisherProps {
  /** The table; it must have a NEW_AND_OLD_IMAGES stream. */
  readonly table: dynamodb.Table;
  /** The bus change events go on: the component's. */
  readonly eventBus: events.IEventBus;
  readonly alarms: Alarms;
  /** Where the stream's records the function failed on are described: a dead-letter queue of the component. */
  readonly failureQueue: sqs.Queue;
  /** The component's settings this part follows. */
  readonly settings: Pick<
    RecipeStatusProps,
    'encryptionKey' | 'logRetention' | 'applicationLogLevel' | 'notify'
  >;
}

/** The stream's on-failure destination granting `sqs:SendMessage` alone (SqsDlq adds two reads, unused), and its key through SQS. */
const sendOnlyStreamDestination = (queue: sqs.IQueue): lambda.IEventSourceDlq => ({
  bind: (_target, fn) => {
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
    grantQueueKeyUse(queue, fn);
    return { destination: queue.queueArn };
  },
});

/**
 * Publishes `RecipeStatus.Changed` from the table's stream (docs/changes.md):
 * a function reads the current items' writes, in order per item, and puts one
 * event per change of status. A failing batch is retried, bisected, and its
 * records described in the failure queue; the function may put only its own
 * source and detail type.
 */
export class ChangePublisher extends Construct {
  readonly function: NodeFunction;
  /** Where the stream's records the function failed on are described (shard and sequence numbers). */
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ChangePublisherProps) {
    super(scope, id);
    const { encryptionKey, logRetention, applicationLogLevel, notify } = props.settings;
    this.failureQueue = props.failureQueue;
    this.function = new NodeFunction(this, 'Function', {
      bundle: 'changes',
      roleDescription:
        'recipe-status change publisher: read the table stream, put RecipeStatus.Changed events',
      logRetention,
      logEncryptionKey: encryptionKey,
      applicationLogLevel,
      environment: { EVENT_BUS_NAME: props.eventBus.eventBusName },
    });
    const streamArn = props.table.tableStreamArn;
    if (streamArn === undefined)
      throw new Error(`${props.table.node.path} has no stream to publish changes from`);
    this.function.addEventSourceMapping('TableStream', {
      eventSourceArn: streamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      retryAttempts: CHANGE_RETRY_ATTEMPTS,
      maxRecordAge: CHANGE_MAX_RECORD_AGE,
      parallelizationFactor: 1,
      onFailure: sendOnlyStreamDestination(this.failureQueue),
      // Only current items can change a status: history and rejected writes never invoke it.
      filters: [
        lambda.FilterCriteria.filter({ dynamodb: { Keys: { [SORT_KEY]: { S: [CURRENT_SORT_KEY] } } } }),
      ],
    });
    // AWS's own policy for a stream's function, on this stream alone (no `*`).
    iam.Grant.addToPrincipal({
      grantee: this.function,
      actions: [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
      ],
      resourceArns: [streamArn],
    });
    if (encryptionKey !== undefined) grantStreamKeyUse(encryptionKey, this.function, this);
    iam.Grant.addToPrincipal({
      grantee: this.function,
      actions: ['events:PutEvents'],
      resourceArns: [props.eventBus.eventBusArn],
      conditions: {
        StringEquals: {
          'events:source': PUBLISHED_EVENT_SOURCE,
          'events:detail-type': STATUS_CHANGED_DETAIL_TYPE,
        },
      },
    });
    acknowledge(this.function, {
      'Serverless-LambdaDLQ':
        "A stream's failures go to the event source mapping's on-failure destination (the change failure queue).",
      'Serverless-LambdaTracing':
        'Each batch is traced by its one structured log line (sequence numbers, changes).',
    });
    this.watch(props.alarms);
    if (notify !== undefined)
      notifyChanges(this, props.eventBus, notify, { alarms: props.alarms, key: encryptionKey });
  }

  /** Page-level: a change event is late or lost to consumers until an operator acts. */
  private watch(alarms: Alarms): void {
    const period = Duration.minutes(5);
    alarms.page(
      'ChangeFailureQueueAlarm',
      'The change publisher gave up on stream records: their change events are not on the bus. The message names the shard and sequence numbers; read them from the stream within 18 hours (docs/changes.md).',
      atLeast(this.failureQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' })),
    );
    alarms.page(
      'ChangeIteratorAgeAlarm',
      `Change events are over ${CHANGE_ITERATOR_AGE_ALARM_MINUTES} minutes late: the publisher is failing or slower than the table's writes. Check its logs and errors.`,
      atLeast(
        this.function.metric('IteratorAge', { period, statistic: 'Maximum' }),
        CHANGE_ITERATOR_AGE_ALARM_MINUTES * 60_000,
      ),
    );
    alarms.page(
      'ChangePublisherErrorsAlarm',
      'The change publisher threw for 15 minutes (EventBridge failing or throttled, or an unreadable current item); the batch is retried. Check its logs.',
      atLeast(this.function.metricErrors({ period, statistic: 'Sum' }), 1, SUSTAINED),
    );
    alarms.page(
      'ChangeDestinationFailuresAlarm',
      'Lambda could not describe failed stream records in the change failure queue: read its logs and the stream now.',
      atLeast(this.function.metric('DestinationDeliveryFailures', { period, statistic: 'Sum' })),
    );
  }
}
