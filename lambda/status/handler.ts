import type { Context } from 'aws-lambda';
import { createInvocationDeadline } from '../shared/deadline-retry.ts';
import { createInvocationTracker } from '../shared/invocation.ts';
import { isWritten } from '../shared/log-level.ts';
import { createDocumentClient } from '../store/dynamodb-client.ts';
import { createDynamoDbStatusStore } from '../store/dynamodb-status-store.ts';
import { loadConfig } from './config.ts';
import { failureLogLine, outcomeLogLine } from './outcome-log.ts';
import { type EventResult, processEvent } from './process-event.ts';

// Built once per execution environment, at load, so warm invocations reuse the
// client and its connections, and a bad setting fails the INIT phase loudly.
const config = loadConfig(process.env);
// Each invocation's DynamoDB retries end before its timeout (lambda/shared/client-settings.ts).
const deadline = createInvocationDeadline();
const store = createDynamoDbStatusStore({
  client: createDocumentClient({ retryDeadline: deadline.get }),
  tableName: config.tableName,
  historyRetentionDays: config.historyRetentionDays,
  rejectedRetentionDays: config.rejectedRetentionDays,
});
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
const beginInvocation = createInvocationTracker(process.env);
const now = () => new Date();

/**
 * The EventBridge target. Invalid events resolve (kept as rejected); a failing
 * store rejects the promise, so Lambda retries and then sends the event to the
 * on-failure destination.
 */
export const handler = async (
  event: unknown,
  context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
): Promise<EventResult> => {
  deadline.start(context.getRemainingTimeInMillis());
  const invocation = beginInvocation(context);
  let result: EventResult;
  try {
    result = await processEvent(event, { store, now, futureToleranceMs: config.futureToleranceMs });
  } catch (error) {
    // Say which event failed and why, then rethrow: the retry and the dead letter depend on it.
    if (isWritten('ERROR', invocation.logLevel))
      process.stdout.write(`${failureLogLine(event, error, now(), invocation)}\n`);
    throw error;
  }
  // Always written, whatever the log level: it carries the outcome's metric.
  process.stdout.write(`${outcomeLogLine(result, functionName, now(), invocation)}\n`);
  return result;
};
