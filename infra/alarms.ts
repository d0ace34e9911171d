import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTCOME_METRICS } from '../lambda/shared/metric-names.ts';
import type { NodeFunction } from './node-function.ts';

export interface AlarmsProps {
  /**
   * Where every alarm notifies, on ALARM and on OK.
   * @default - alarms are created without actions
   */
  readonly topic?: sns.ITopic;
}

/** How many occurrences in five minutes raise an alarm of the status path. */
export interface StatusAlarmThresholds {
  /**
   * The status function threw (Lambda retries the event).
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
  readonly handler: NodeFunction;
  /**
   * Alarm when no event was applied for this long.
   * @default - no such alarm
   */
  readonly noAppliedEventsAlarmPeriod?: Duration | undefined;
  /** @default - every alarm on the first occurrence */
  readonly thresholds?: StatusAlarmThresholds | undefined;
}

export type AlarmOptions = cloudwatch.CreateAlarmOptions & { readonly metric: cloudwatch.IMetric };

const FIVE_MINUTES = Duration.minutes(5);
/** A backlog this old pages; events older than 6 hours go to the failure queue. */
export const ASYNC_BACKLOG_ALARM_MINUTES = 30;
/** Alarm on the first occurrence within one period; no data is no trouble. */
const AT_LEAST_ONCE = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;

/**
 * The component's alarms, each with a description that tells the on-call
 * engineer what happened and what to do, all notifying the one topic given at
 * construction. Each part adds the alarms on what it owns.
 */
export class Alarms extends Construct {
  /** Every alarm, in the order added. */
  readonly all: cloudwatch.Alarm[] = [];
  private readonly topic: sns.ITopic | undefined;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    this.topic = props.topic;
  }

  add(id: string, description: string, options: AlarmOptions): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, { alarmDescription: description, ...options });
    if (this.topic !== undefined) {
      // OK too: the on-call engineer learns the trouble is over without opening the console.
      alarm.addAlarmAction(new SnsAction(this.topic));
      alarm.addOkAction(new SnsAction(this.topic));
    }
    this.all.push(alarm);
    return alarm;
  }

  /** An alarm on the first `threshold` occurrences within the metric's period. */
  atLeast(id: string, description: string, metric: cloudwatch.IMetric, threshold = 1): cloudwatch.Alarm {
    if (!Number.isInteger(threshold) || threshold < 1)
      throw new Error(`${id}: a threshold must be a whole number of at least 1, got ${threshold}`);
    return this.add(id, description, { metric, ...AT_LEAST_ONCE, threshold });
  }

  /** The rule, the status function and both dead-letter paths. */
  watchStatusPath(watched: StatusPathProps): void {
    const { ruleDeadLetterQueue, failureQueue, handler, thresholds = {} } = watched;
    const period = FIVE_MINUTES;
    const backlogMinutes = thresholds.asyncBacklogMinutes ?? ASYNC_BACKLOG_ALARM_MINUTES;
    if (!Number.isInteger(backlogMinutes) || backlogMinutes < 1)
      throw new Error(
        `AsyncBacklogAlarm: minutes must be a whole number of at least 1, got ${backlogMinutes}`,
      );
    this.atLeast(
      'RuleDeadLetterAlarm',
      'EventBridge could not deliver events to the function; they wait in the rule dead-letter queue. Fix the cause, then `recipe-status redrive`.',
      ruleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
    );
    this.atLeast(
      'FailureQueueAlarm',
      'The function failed on events after Lambda retries; they wait in the failure queue with the error. Fix the cause, then `recipe-status redrive`.',
      failureQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
    );
    this.atLeast(
      'ErrorsAlarm',
      'The function threw (DynamoDB failing or throttled); Lambda is retrying. Check its logs.',
      handler.metricErrors({ period, statistic: 'Sum' }),
      thresholds.errors,
    );
    // Throttles are the reserved concurrency at work during a storm (Lambda retries them without
    // using retry attempts): only a backlog that keeps ageing pages. (Before 0.2: ThrottlesAlarm.)
    this.atLeast(
      'AsyncBacklogAlarm',
      `Events have waited over ${backlogMinutes} minutes in the asynchronous queue: the function is slower than arrivals. Check DynamoDB, then the reserved concurrency.`,
      handler.metric('AsyncEventAge', { period, statistic: 'Maximum' }),
      backlogMinutes * 60_000,
    );
    this.atLeast(
      'DestinationDeliveryFailuresAlarm',
      'Lambda could not write a failed event to the failure queue: that event is lost. Check the queue and the function role.',
      handler.metric('DestinationDeliveryFailures', { period, statistic: 'Sum' }),
    );
    this.atLeast(
      'RejectedEventsAlarm',
      'Invalid events were received and kept as rejected. `recipe-status rejected` lists them with the reasons.',
      handler.metricCount(OUTCOME_METRICS.rejected, period),
      thresholds.rejectedEvents,
    );
    const quiet = watched.noAppliedEventsAlarmPeriod;
    if (quiet !== undefined) {
      this.add(
        'NoAppliedEventsAlarm',
        `No event was applied for ${quiet.toHumanString()}: the producer, the ingestion or the rule may have stopped.`,
        {
          metric: handler.metricCount(OUTCOME_METRICS.applied, quiet),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        },
      );
    }
  }
}
