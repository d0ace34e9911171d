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

/** The component's own bus and its archive of every delivery (docs/security.md, Who can write a status). */
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

/** PutEvents denied to all but the writers, allowed to the named ones; why, in docs/security.md. */
export const letOnlyWritersPut = (
  bus: events.EventBus,
  ingestionRole: iam.IRole | undefined,
  namedWriterArns: readonly string[],
): void => {
  const writers = [...(ingestionRole === undefined ? [] : [ingestionRole.roleArn]), ...namedWriterArns];
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

/** An EventBus as IEventBus: their `eventSourceName` differ under `exactOptionalPropertyTypes` only. */
export const asEventBus = (bus: events.IEventBus | events.EventBus): events.IEventBus =>
  bus as unknown as events.IEventBus;
