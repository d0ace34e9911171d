import type { Context } from 'aws-lambda';
import type { Environment } from './environment.ts';
import { configuredLogLevel, type LogLevel } from './log-level.ts';

/** What every log line of an invocation carries, so an on-call engineer can follow one request. */
export interface InvocationLog {
  /** Lambda's request id: the same as in its START, END and REPORT lines. */
  readonly requestId: string;
  /** The first invocation of this execution environment, which waited for INIT. */
  readonly coldStart: boolean;
  /** The application log level lines are filtered at. */
  readonly logLevel: LogLevel;
}

/**
 * Built once per execution environment, at load; called as each invocation
 * starts. Provisioned concurrency and SnapStart initialise ahead of any
 * invocation, so none of theirs is a cold start.
 */
export const createInvocationTracker = (
  env: Environment,
): ((context: Pick<Context, 'awsRequestId'>) => InvocationLog) => {
  const initialisedAhead = ['provisioned-concurrency', 'snap-start'].includes(
    env.AWS_LAMBDA_INITIALIZATION_TYPE ?? '',
  );
  const logLevel = configuredLogLevel(env);
  let first = !initialisedAhead;
  return (context) => {
    const coldStart = first;
    first = false;
    return { requestId: context.awsRequestId, coldStart, logLevel };
  };
};
