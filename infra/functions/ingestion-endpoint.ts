import { type Duration, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DEFAULT_EVENT_SOURCE } from '../../lambda/contract/event-pattern.ts';
import { acknowledge } from '../acknowledge.ts';
import type { Alarms } from '../alarms/alarms.ts';
import { watchIngestion } from '../alarms/ingestion-alarms.ts';
import { type FunctionSizing, NodeFunction, reservation } from './node-function.ts';

/** Enough for signageOS's deliveries, too few for a flood of the public URL to take the account's concurrency. */
export const INGESTION_DEFAULT_RESERVED_CONCURRENCY = 10;

/** The signed-webhook endpoint as a user of `RecipeStatus` configures it, its function's size included. */
export interface IngestionProps extends FunctionSizing {
  /**
   * The secret signageOS signs with (a plain string of at least 32 characters). One under a
   * customer-managed key: import it with `Secret.fromSecretAttributes(scope, id, { secretCompleteArn, encryptionKey })`,
   * and the function may decrypt it through Secrets Manager.
   * @default - a generated 48-character secret, under `encryptionKey` when given
   */
  readonly webhookSecret?: secretsmanager.ISecret | secretsmanager.Secret;
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
   * At most this many concurrent executions, so a flood cannot take the account's concurrency;
   * `false` reserves none, for an account below 110 (docs/deploy.md, A small account).
   * @default 10
   */
  readonly reservedConcurrency?: number | false;
  /**
   * Signature failures per 5 minutes that count toward the alarm, which fires when 3 of the last 12 periods reach it.
   * @default 1
   */
  readonly signatureFailuresAlarmThreshold?: number;
  /**
   * Alarm when this many deliveries could not be put on the bus in 5 minutes
   * (signageOS is told to retry each).
   * @default 1
   */
  readonly publishFailuresAlarmThreshold?: number;
  /**
   * A heartbeat: page when no delivery was accepted for this long (whole minutes, at most 7 days).
   * @default - no such alarm
   */
  readonly noDeliveriesAlarmPeriod?: Duration;
}

export interface IngestionEndpointProps extends Omit<IngestionProps, 'webhookSecret'> {
  /** The secret the signatures are checked with. */
  readonly webhookSecret: secretsmanager.ISecret | secretsmanager.Secret;
  /** The bus each delivery is put on. */
  readonly eventBus: events.IEventBus;
  /** Where the endpoint's alarms go. */
  readonly alarms: Alarms;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays | undefined;
  /**
   * The key the function's log group is encrypted with.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey | undefined;
  /**
   * The function's application log level.
   * @default lambda.ApplicationLogLevel.INFO
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel | undefined;
}

/** The signed-webhook endpoint: the function itself (not a construct holding one), so its URL keeps its logical id. */
export class IngestionEndpoint extends NodeFunction {
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: IngestionEndpointProps) {
    super(scope, id, {
      bundle: 'ingestion',
      roleDescription:
        'recipe-status ingestion: write its log group, read the webhook secret, put events on one bus',
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrency: reservation(props.reservedConcurrency, INGESTION_DEFAULT_RESERVED_CONCURRENCY),
      applicationLogLevel: props.applicationLogLevel,
      environment: {
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        WEBHOOK_SECRET_ARN: props.webhookSecret.secretArn,
        EVENT_SOURCE: props.eventSource ?? DEFAULT_EVENT_SOURCE,
        ...(props.webhookUrl !== undefined && { WEBHOOK_URL: props.webhookUrl }),
      },
    });
    // Exactly what its code sends (test/infra/functions/ingestion-permissions.test.ts), events under its own source only.
    iam.Grant.addToPrincipal({
      grantee: this,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [props.webhookSecret.secretArn],
    });
    // A secret under a customer-managed key: decrypted through Secrets Manager only.
    const secretKey = props.webhookSecret.encryptionKey;
    if (secretKey !== undefined)
      iam.Grant.addToPrincipal({
        grantee: this,
        actions: ['kms:Decrypt'],
        resourceArns: [secretKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
        },
      });
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [props.eventBus.eventBusArn],
        conditions: { StringEquals: { 'events:source': props.eventSource ?? DEFAULT_EVENT_SOURCE } },
      }),
    );
    // No IAM auth: signageOS cannot sign AWS requests; the webhook signature authenticates.
    this.url = this.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    acknowledge(this, {
      'Serverless-LambdaDLQ':
        'Invoked synchronously through its URL: a failure answers 5xx and signageOS retries the delivery.',
      'Serverless-LambdaTracing':
        'Each request is traced by its one structured log line (event id, sequence number, outcome).',
    });
    watchIngestion(props.alarms, this, props);
  }
}
