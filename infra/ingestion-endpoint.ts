import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { INGEST_METRICS } from '../lambda/shared/metric-names.ts';
import { acknowledge } from './acknowledge.ts';
import type { Alarms } from './alarms.ts';
import { NodeFunction } from './node-function.ts';

const INGEST_ENTRY = fileURLToPath(new URL('../lambda/ingestion/handler.ts', import.meta.url));

/** The signed-webhook endpoint as a user of `RecipeStatus` configures it. */
export interface IngestionProps {
  /**
   * The secret signageOS signs with (a plain string of at least 32 characters).
   * @default - a generated 48-character secret
   */
  readonly webhookSecret?: secretsmanager.ISecret;
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
   * At most this many concurrent executions, so a flood cannot take the account's concurrency.
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /**
   * Alarm when this many signature failures happen in 5 minutes.
   * @default 10
   */
  readonly signatureFailuresAlarmThreshold?: number;
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
}

/**
 * The signed-webhook endpoint signageOS delivers to: a function behind its own
 * URL that checks each delivery's signature and puts it on the bus. It is the
 * function itself (not a construct holding one) so that the function, and with
 * it the URL the exporter is configured with, keeps its 0.1 logical id.
 */
export class IngestionEndpoint extends NodeFunction {
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: IngestionEndpointProps) {
    super(scope, id, {
      entry: INGEST_ENTRY,
      roleDescription:
        'recipe-status ingestion: write its log group, read the webhook secret, put events on one bus',
      ...(props.logRetention !== undefined && { logRetention: props.logRetention }),
      reservedConcurrentExecutions: props.reservedConcurrency ?? 10,
      environment: {
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        WEBHOOK_SECRET_ARN: props.webhookSecret.secretArn,
        EVENT_SOURCE: props.eventSource ?? 'signageos',
        ...(props.webhookUrl !== undefined && { WEBHOOK_URL: props.webhookUrl }),
      },
    });
    props.webhookSecret.grantRead(this);
    props.eventBus.grantPutEventsTo(this);
    // No IAM auth: signageOS cannot sign AWS requests; the webhook signature authenticates.
    this.url = this.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    acknowledge(this, {
      'Serverless-LambdaDLQ':
        'Invoked synchronously through its URL: a failure answers 5xx and signageOS retries the delivery.',
      'Serverless-LambdaTracing':
        'Each request is traced by its one structured log line (event id, sequence number, outcome).',
    });

    const fiveMinutes = Duration.minutes(5);
    props.alarms.atLeast(
      'SignatureFailuresAlarm',
      "Requests with a missing or wrong X-SOS-Signature: someone probes the URL, or the secret differs from the exporter's.",
      this.metricCount(INGEST_METRICS.signatureFailures, fiveMinutes),
      props.signatureFailuresAlarmThreshold ?? 10,
    );
    props.alarms.atLeast(
      'PublishFailuresAlarm',
      'PutEvents failed: signageOS is told to retry; check EventBridge and the function role.',
      this.metricCount(INGEST_METRICS.publishFailures, fiveMinutes),
    );
  }
}
