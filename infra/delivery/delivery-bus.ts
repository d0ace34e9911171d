// The component's own bus, its archive of every delivery and its resource policy (docs/security.md, Who can write a status).
import { type Duration, Names, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { PUBLISHED_EVENT_SOURCE } from '../../lambda/contract/detail-types.ts';
import { allowEventBridgeArchive } from '../encryption-key.ts';

/** How long the bus's archive keeps every delivery, unless told otherwise. */
export const DEFAULT_ARCHIVE_RETENTION_DAYS = 90;

export interface DeliveryBusProps {
  /** The sources whose events the archive keeps: every delivery the ingestion endpoint puts. */
  readonly sources: readonly string[];
  /** How long the archive keeps them. */
  readonly archiveRetention: Duration;
  /** The customer-managed key of the bus and its archive; AWS-owned keys when absent. */
  readonly key?: kms.IKey | undefined;
}

/** The bus's ARN from the name CDK gives it (its path's unique id, the stack's name included): no reference to the bus. */
const busArnOf = (bus: Construct): string =>
  Stack.of(bus).formatArn({ service: 'events', resource: 'event-bus', resourceName: Names.uniqueId(bus) });

export const createDeliveryBus = (scope: Construct, id: string, props: DeliveryBusProps): events.EventBus => {
  const bus = new events.EventBus(scope, id, {
    description: 'recipe-status: signageOS deliveries, put by the ingestion endpoint only',
    ...(props.key !== undefined && { kmsKey: props.key }),
  });
  const archive = new events.Archive(bus, 'Archive', {
    sourceEventBus: bus,
    description: 'recipe-status: every signageOS delivery, for replay into the rule',
    eventPattern: { source: [...props.sources] },
    retention: props.archiveRetention,
  });
  if (props.key !== undefined) {
    // Not the Archive's kmsKey prop: its key statement names the bus's Arn attribute, a cycle through the bus.
    (archive.node.defaultChild as events.CfnArchive).kmsKeyIdentifier = props.key.keyArn;
    allowEventBridgeArchive(props.key, busArnOf(bus));
  }
  return bus;
};

const arnsOf = (roles: readonly (iam.IRole | undefined)[]): string[] =>
  roles.flatMap((role) => (role === undefined ? [] : [role.roleArn]));

/**
 * PutEvents denied to all but the writers, allowed to the named ones, and the component's own source
 * denied to all but its publishing roles; on the bus itself, so no statement id is account-wide.
 */
export const letOnlyWritersPut = (
  bus: events.EventBus,
  ingestionRole: iam.IRole | undefined,
  publishingRoles: readonly (iam.IRole | undefined)[],
  namedWriterArns: readonly string[],
): void => {
  const publishers = arnsOf(publishingRoles);
  const writers = [...arnsOf([ingestionRole]), ...publishers, ...namedWriterArns];
  // The ARN from the name: the bus's own Arn attribute would make the bus depend on itself.
  const busArn = busArnOf(bus);
  const statements = [
    new iam.PolicyStatement({
      sid: 'OnlyTheWritersPutEvents',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [busArn],
      // No writer at all: the bus is closed rather than open to whom IAM admits.
      ...(writers.length > 0 && { conditions: { ArnNotEquals: { 'aws:PrincipalArn': writers } } }),
    }),
    // A writer may put any source but ours: consumers trust a recipe-status event as the component's word.
    new iam.PolicyStatement({
      sid: 'OnlyThePublishersPutTheirSource',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [busArn],
      conditions: {
        StringEquals: { 'events:source': PUBLISHED_EVENT_SOURCE },
        ...(publishers.length > 0 && { ArnNotEquals: { 'aws:PrincipalArn': publishers } }),
      },
    }),
    ...(namedWriterArns.length === 0
      ? []
      : [
          new iam.PolicyStatement({
            sid: 'NamedWritersPutEvents',
            principals: namedWriterArns.map((arn) => new iam.ArnPrincipal(arn)),
            actions: ['events:PutEvents'],
            resources: [busArn],
          }),
        ]),
  ];
  (bus.node.defaultChild as events.CfnEventBus).policy = new iam.PolicyDocument({ statements });
};

/** An EventBus as IEventBus: their `eventSourceName` differ under `exactOptionalPropertyTypes` only. */
export const asEventBus = (bus: events.IEventBus | events.EventBus): events.IEventBus =>
  bus as unknown as events.IEventBus;
