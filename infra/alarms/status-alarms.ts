// The status path's alarms: the status function, both dead-letter queues, and its signals.
import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { OUTCOME_METRICS, STATUS_SIGNAL_METRICS } from '../../lambda/shared/metric-names.ts';
import { absent, atLeast, FIVE_MINUTES, functionCount, SUSTAINED } from './alarm-options.ts';
import type { Alarms } from './alarms.ts';

/** How many occurrences in five minutes raise an alarm of the status path. */
export interface StatusAlarmThresholds {
  /**
   * The status function threw (Lambda retries the event), in each of 3 five-minute periods in a row.
   * @default 1
   */
  readonly errors?: number;
  /**
   * Minutes the oldest event may wait in Lambda's asynchronous queue (throttled
   * by the reserved concurrency during a storm, which alone does not page).
   * @default 30
   */
  readonly asyncBacklogMinutes?: number;
  /**
   * Events were kept as rejected (invalid).
   * @default 1
   */
  readonly rejectedEvents?: number;
}

/** What the status path's alarms watch. */
export interface StatusPathProps {
  /** Events EventBridge could not deliver to the function. */
  readonly ruleDeadLetterQueue: sqs.IQueue;
  /** Events the function failed on after Lambda's retries. */
  readonly failureQueue: sqs.IQueue;
  /** The status function. */
  readonly handler: lambda.IFunction;
  /**
   * Alarm when no event was applied for this long.
   * @default - no such alarm
   */
  readonly noAppliedEventsAlarmPeriod?: Duration | undefined;
  /** @default - every alarm on the first occurrence */
  readonly thresholds?: StatusAlarmThresholds | undefined;
}

/** A backlog this old pages; events older than 6 hours go to the failure queue. */
export const ASYNC_BACKLOG_ALARM_MINUTES = 30;

export const watchStatusPath = (alarms: Alarms, watched: StatusPathProps): void => {
  const { ruleDeadLetterQueue, failureQueue, handler, thresholds = {} } = watched;
  const period = FIVE_MINUTES;
  const backlogMinutes = thresholds.asyncBacklogMinutes ?? ASYNC_BACKLOG_ALARM_MINUTES;
  if (!Number.isInteger(backlogMinutes) || backlogMinutes < 1)
    throw new Error(`AsyncBacklogAlarm: minutes must be a whole number of at least 1, got ${backlogMinutes}`);
  alarms.page(
    'RuleDeadLetterAlarm',
    'EventBridge could not deliver events to the function; they wait in the rule dead-letter queue. Fix the cause, then `recipe-status redrive`.',
    atLeast(ruleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' })),
  );
  alarms.page(
    'RuleDeadLetterArrivalAlarm',
    'A new event reached the rule dead-letter queue (it fires again for each new one while others wait). Fix the cause, then `recipe-status redrive`.',
    atLeast(ruleDeadLetterQueue.metricNumberOfMessagesSent({ period, statistic: 'Sum' })),
  );
  alarms.page(
    'FailureQueueAlarm',
    'The function failed on events after Lambda retries; they wait in the failure queue with the error. Fix the cause, then `recipe-status redrive`.',
    atLeast(failureQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' })),
  );
  alarms.page(
    'FailureQueueArrivalAlarm',
    'A new failed event reached the failure queue (it fires again for each new one while others wait). Read its error, fix the cause, then `recipe-status redrive`.',
    atLeast(failureQueue.metricNumberOfMessagesSent({ period, statistic: 'Sum' })),
  );
  alarms.page(
    'ErrorsAlarm',
    'The function kept throwing for 15 minutes (DynamoDB failing or throttled); Lambda is retrying. Read its ERROR log lines and check DynamoDB.',
    atLeast(handler.metricErrors({ period, statistic: 'Sum' }), thresholds.errors, SUSTAINED),
  );
  // Throttles are the reserved concurrency at work during a storm: only a backlog that keeps ageing pages.
  alarms.page(
    'AsyncBacklogAlarm',
    `Events have waited over ${backlogMinutes} minutes in the asynchronous queue: the function is slower than arrivals. Check DynamoDB, then the reserved concurrency.`,
    atLeast(handler.metric('AsyncEventAge', { period, statistic: 'Maximum' }), backlogMinutes * 60_000),
  );
  alarms.page(
    'DestinationDeliveryFailuresAlarm',
    'Lambda could not write a failed event to the failure queue: that event is lost. Check the queue and the function role.',
    atLeast(handler.metric('DestinationDeliveryFailures', { period, statistic: 'Sum' })),
  );
  alarms.ticket(
    'RejectedEventsAlarm',
    'Invalid events were received and kept as rejected. `recipe-status rejected` lists them with the reasons.',
    atLeast(functionCount(handler, OUTCOME_METRICS.rejected, period), thresholds.rejectedEvents),
  );
  const quiet = watched.noAppliedEventsAlarmPeriod;
  if (quiet !== undefined)
    alarms.page(
      'NoAppliedEventsAlarm',
      `No event was applied for ${quiet.toHumanString()}: the producer, the ingestion or the rule may have stopped. Check the exporter, the ingestion logs and the rule.`,
      absent(functionCount(handler, OUTCOME_METRICS.applied, quiet)),
    );
  alarms.ticket(
    'FutureDatedEventsAlarm',
    "An event's UUIDv7 id was dated beyond its envelope time, or its envelope time beyond the moment it was recorded, plus the tolerance: it was ordered by the earlier time. Find the clock error of whoever produced or put it.",
    atLeast(functionCount(handler, STATUS_SIGNAL_METRICS.futureDated)),
  );
};
