import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { PUBLISHED_EVENT_SOURCE, STATUS_CHANGED_DETAIL_TYPE } from '../../lambda/contract/detail-types.ts';
import type { RecipeStatus } from '../../lambda/contract/event-schema.ts';

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

/** One rule per status of interest on the component's bus, its change events to the topic. */
export const notifyChanges = (
  scope: Construct,
  bus: events.IEventBus,
  notify: ChangeNotifications,
): events.Rule[] =>
  Object.entries(notify).flatMap(([status, notification]) => {
    if (notification === undefined) return [];
    const { topic, organizationUids } =
      'topic' in notification ? notification : { topic: notification, organizationUids: [] };
    const rule = new events.Rule(scope, `Notify${status}Rule`, {
      description: `recipe-status: ${STATUS_CHANGED_DETAIL_TYPE} into ${status} to an SNS topic`,
      eventBus: bus,
      eventPattern: statusChangePattern(status, organizationUids),
    });
    rule.addTarget(new targets.SnsTopic(topic));
    return [rule];
  });
