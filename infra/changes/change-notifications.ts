import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PUBLISHED_EVENT_SOURCE, STATUS_CHANGED_DETAIL_TYPE } from '../../lambda/contract/detail-types.ts';
import type { RecipeStatus } from '../../lambda/contract/event-schema.ts';
import { atLeast } from '../alarms/alarm-options.ts';
import type { Alarms } from '../alarms/alarms.ts';
import { createDeadLetterQueue } from '../delivery/dead-letter-queue.ts';

/** A topic for every change into a status, or only for the changes of some organizations. */
export type ChangeNotification =
  | sns.ITopic
  | { readonly topic: sns.ITopic; readonly organizationUids: readonly string[] };

/** The `notify` prop: `{ Failed: topic }` sends every change into `Failed` to the topic. */
export type ChangeNotifications = Partial<Readonly<Record<RecipeStatus, ChangeNotification>>>;

/** The consumer rule's pattern: changes into `status`, of the organizations named (any when none). */
export const statusChangePattern = (
  status: string,
  organizationUids: readonly string[] = [],
): events.EventPattern => ({
  source: [PUBLISHED_EVENT_SOURCE],
  detailType: [STATUS_CHANGED_DETAIL_TYPE],
  detail: {
    status: [status],
    ...(organizationUids.length > 0 && { organizationUid: [...organizationUids] }),
  },
});

/** A ticket when a change event could not reach its topic: it waits in the notifications' dead-letter queue. */
const watchNotifications = (alarms: Alarms, deadLetterQueue: sqs.IQueue): void => {
  alarms.ticket(
    'ChangeNotificationDeadLetterAlarm',
    'EventBridge could not deliver change events to a notify topic (topic policy, key, topic gone): they wait in the notification dead-letter queue for 14 days (docs/operations.md).',
    atLeast(deadLetterQueue.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: 'Sum' })),
  );
};

/**
 * One rule per status of interest on the component's bus, its change events to the topic; what a
 * topic refuses goes to one dead-letter queue of the notifications, in `scope` (no existing id moves).
 */
export const notifyChanges = (
  scope: Construct,
  bus: events.IEventBus,
  notify: ChangeNotifications,
  watch: { readonly alarms: Alarms; readonly key: kms.IKey | undefined },
): events.Rule[] => {
  const wanted = Object.entries(notify).flatMap(([status, notification]) =>
    notification === undefined ? [] : [{ status, notification }],
  );
  if (wanted.length === 0) return [];
  const deadLetterQueue = createDeadLetterQueue(scope, 'NotifyDeadLetterQueue', watch.key);
  watchNotifications(watch.alarms, deadLetterQueue);
  return wanted.map(({ status, notification }) => {
    const { topic, organizationUids } =
      'topic' in notification ? notification : { topic: notification, organizationUids: [] };
    const rule = new events.Rule(scope, `Notify${status}Rule`, {
      description: `recipe-status: ${STATUS_CHANGED_DETAIL_TYPE} into ${status} to an SNS topic`,
      eventBus: bus,
      eventPattern: statusChangePattern(status, organizationUids),
    });
    rule.addTarget(new targets.SnsTopic(topic, { deadLetterQueue }));
    return rule;
  });
};
