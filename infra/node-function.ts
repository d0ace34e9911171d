import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../lambda/shared/function-limits.ts';
import { METRIC_NAMESPACE } from '../lambda/shared/metric-names.ts';
import { HANDLER_BUNDLING, HANDLER_RUNTIME } from './handler-bundling.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NodeFunctionProps
  extends Pick<
    NodejsFunctionProps,
    'environment' | 'reservedConcurrentExecutions' | 'retryAttempts' | 'maxEventAge' | 'onFailure'
  > {
  /** The handler module, which exports `handler`. */
  readonly entry: string;
  /** What the function's role may do, as the IAM console shows it. */
  readonly roleDescription: string;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * `npm run bench` shows the cost per million events at 128/256/512 MB: the work
   * is one small JSON document and one or two AWS calls.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Every AWS call's retries end before it (lambda/shared/deadline-retry.ts).
   * @default Duration.seconds(FUNCTION_TIMEOUT_SECONDS)
   */
  readonly timeout?: Duration;
  /**
   * The lowest level of the function's own log lines Lambda keeps (JSON log format).
   * Lines carrying metrics are written whatever the level.
   * @default lambda.ApplicationLogLevel.INFO
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel | undefined;
}

/**
 * A function of this component, with the defaults both share: the newest
 * Node.js runtime, arm64, the bundling `npm run bench` measures, source maps,
 * and a log group with a retention written by a role of its own.
 *
 * The log group and the role are created beside the function, named after it
 * (`<id>Logs`, `<id>Role`), not inside it: so they keep the logical ids they
 * had in 0.1, and a deploy does not replace the log group, which would delete
 * the logs kept so far.
 */
export class NodeFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    const { entry, roleDescription, logRetention, environment, applicationLogLevel, ...rest } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: roleDescription,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry,
      projectRoot: PROJECT_ROOT,
      handler: 'handler',
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      bundling: HANDLER_BUNDLING,
      role,
      logGroup,
      // Lambda's JSON format: its own lines are JSON too, and it filters ours by their `level`.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: applicationLogLevel ?? lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: { ...environment, NODE_OPTIONS: '--enable-source-maps' },
      ...rest,
    });
  }

  /** A count this function's embedded-metric log lines emit, summed over the period. */
  metricCount(metricName: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { FunctionName: this.functionName },
      statistic: 'Sum',
      period,
    });
  }
}
