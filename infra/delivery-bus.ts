import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** How long the bus's archive keeps every delivery, unless told otherwise. */
export const DEFAULT_ARCHIVE_RETENTION_DAYS = 90;

export interface DeliveryBusProps {
  /** The sources whose events the archive keeps: every delivery the ingestion endpoint puts. */
  readonly sources: readonly string[];
  /** How long the archive keeps them. */
  readonly archiveRetention: Duration;
}

/**
 * The component's own bus: only what is put on it reaches the rule, so no
 * other principal of the account (CI, admin roles, another deployment) can
 * write a recipe's status by putting an event on the shared default bus. Its
 * archive keeps every delivery, so a time window can be replayed into the
 * rule (the write path is ordered and idempotent: a replay changes nothing
 * already recorded).
 */
export const createDeliveryBus = (scope: Construct, id: string, props: DeliveryBusProps): events.EventBus => {
  const bus = new events.EventBus(scope, id, {
    description: 'recipe-status: signageOS deliveries, put by the ingestion endpoint only',
  });
  bus.archive('Archive', {
    description: 'recipe-status: every signageOS delivery, for replay into the rule',
    eventPattern: { source: [...props.sources] },
    retention: props.archiveRetention,
  });
  return bus;
};

/**
 * The bus's resource policy: PutEvents is denied to every principal but the
 * writers (the ingestion role, and whichever the user names; with none, to
 * every principal), even one whose
 * own IAM policy allows `events:PutEvents` on `*`. The ingestion role (and our other `ownRoles`) is not
 * allowed here: its own policy allows it, with the `events:source` condition
 * this policy would otherwise bypass. The named writers are allowed here too,
 * which is what another account needs.
 */
export const letOnlyWritersPut = (
  bus: events.EventBus,
  ingestionRole: iam.IRole | undefined,
  namedWriterArns: readonly string[],
  ownRoles: readonly iam.IRole[] = [],
): void => {
  const writers = [
    ...(ingestionRole === undefined ? [] : [ingestionRole.roleArn]),
    ...ownRoles.map((role) => role.roleArn),
    ...namedWriterArns,
  ];
  bus.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OnlyTheWritersPutEvents',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      // No writer at all: the bus is closed rather than open to whom IAM admits.
      ...(writers.length > 0 && { conditions: { ArnNotEquals: { 'aws:PrincipalArn': writers } } }),
    }),
  );
  if (namedWriterArns.length > 0) {
    bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NamedWritersPutEvents',
        principals: namedWriterArns.map((arn) => new iam.ArnPrincipal(arn)),
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
      }),
    );
  }
};

/**
 * The bus as the interface the rule and the grants take. aws-cdk-lib declares
 * EventBus's `eventSourceName` optional but IEventBus's required, which
 * `exactOptionalPropertyTypes` refuses; at run time an EventBus is an IEventBus.
 */
export const asEventBus = (bus: events.IEventBus | events.EventBus): events.IEventBus =>
  bus as unknown as events.IEventBus;
