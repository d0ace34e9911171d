// EventBridge's own failures, which no function sees, and dead letters about to expire.
import { Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { atLeast, FIVE_MINUTES } from './alarm-options.ts';
import type { Alarms } from './alarms.ts';

/** Both dead-letter queues keep a message 14 days; this leaves 4 to redrive it. */
export const DEAD_LETTER_AGE_ALARM_SECONDS = 10 * 24 * 3600;

export interface DeliveryPathProps {
  readonly rule: events.IRule;
  /** The bus the rule is on, unless it is the account's default bus (whose metrics name no bus). */
  readonly customBus?: events.IEventBus | undefined;
  readonly ruleDeadLetterQueue: sqs.IQueue;
  readonly failureQueue: sqs.IQueue;
}

/** The rule's bare name, which its metrics carry: on a custom bus, its `Ref` is `<bus>|<rule>`. */
const ruleNameOnCustomBus = (rule: events.IRule): string => Fn.select(1, Fn.split('|', rule.ruleName));

/** FailedInvocations and InvocationsFailedToBeSentToDlq count events lost but for the archive. */
export const watchDeliveryPath = (alarms: Alarms, props: DeliveryPathProps): void => {
  const dimensionsMap =
    props.customBus === undefined
      ? { RuleName: props.rule.ruleName }
      : { RuleName: ruleNameOnCustomBus(props.rule), EventBusName: props.customBus.eventBusName };
  const ruleMetric = (metricName: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName,
      dimensionsMap,
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
  alarms.page(
    'RuleFailedInvocationsAlarm',
    'EventBridge failed to invoke the function for good and did not dead-letter the event: replay it from the archive (docs/operations.md, Replay from the archive).',
    atLeast(ruleMetric('FailedInvocations')),
  );
  alarms.page(
    'RuleDeadLetterFailuresAlarm',
    'EventBridge could not put an undeliverable event on the rule dead-letter queue (permissions, queue gone, size): replay it from the archive.',
    atLeast(ruleMetric('InvocationsFailedToBeSentToDlq')),
  );
  const ageing = (id: string, queue: sqs.IQueue, name: string) =>
    alarms.page(
      id,
      `The oldest message in the ${name} is 10 days old; SQS deletes it at 14. Fix the cause and \`recipe-status redrive\` now.`,
      atLeast(
        queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        DEAD_LETTER_AGE_ALARM_SECONDS,
      ),
    );
  ageing('RuleDeadLetterAgeAlarm', props.ruleDeadLetterQueue, 'rule dead-letter queue');
  ageing('FailureQueueAgeAlarm', props.failureQueue, 'failure queue');
};
