import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../../lambda/shared/function-limits.ts';
import { BUNDLE_HANDLER, type FunctionBundle, functionCode } from './function-bundles.ts';

/** Both functions' runtime; the bundles are built for it (scripts/handler-bundling.ts's target). */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** What a platform team sizes on both functions of this component (each also has a reserved concurrency). */
export interface FunctionSizing {
  /**
   * Memory in MB; `npm run bench` shows the cost per million events at 128/256/512 MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * The functions end every AWS call's retries before it; under 4 s leaves no room for one call (docs/performance.md).
   * @default Duration.seconds(12)
   */
  readonly timeout?: Duration;
}

/** FunctionSizing's props, each also accepting `undefined` for its default. */
type Sizing = { readonly [prop in keyof FunctionSizing]?: FunctionSizing[prop] | undefined };

export interface NodeFunctionProps
  extends Pick<lambda.FunctionProps, 'environment' | 'retryAttempts' | 'maxEventAge' | 'onFailure'>,
    Sizing {
  /** The prebuilt bundle the function runs (dist/bundles/<bundle>). */
  readonly bundle: FunctionBundle;
  /** What the function's role may do, as the IAM console shows it. */
  readonly roleDescription: string;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays | undefined;
  /**
   * The key the log group is encrypted with; its policy must let CloudWatch Logs use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey | undefined;
  /**
   * At most this many concurrent executions.
   * @default - no reservation: the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number | undefined;
  /**
   * The lowest level of the function's own log lines Lambda keeps (JSON log format).
   * Lines carrying metrics are written whatever the level.
   * @default lambda.ApplicationLogLevel.INFO
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel | undefined;
}

/** A reservation from a prop: `false` is none, absent is the default. */
export const reservation = (prop: number | false | undefined, byDefault: number): number | undefined =>
  prop === false ? undefined : (prop ?? byDefault);

/** A function with the defaults both share; its log group and role beside it (`<id>Logs`, `<id>Role`), keeping their logical ids. */
export class NodeFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    const {
      bundle,
      roleDescription,
      logRetention,
      logEncryptionKey,
      environment,
      memorySize,
      timeout,
      reservedConcurrency,
      applicationLogLevel,
      ...rest
    } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
      ...(logEncryptionKey !== undefined && { encryptionKey: logEncryptionKey }),
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: roleDescription,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      code: functionCode(bundle),
      handler: BUNDLE_HANDLER,
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: memorySize ?? 256,
      timeout: timeout ?? Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      ...(reservedConcurrency !== undefined && { reservedConcurrentExecutions: reservedConcurrency }),
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
}
