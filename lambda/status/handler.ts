import { createDocumentClient } from '../store/dynamodb-client.ts';
import { createDynamoDbStatusStore } from '../store/dynamodb-status-store.ts';
import { loadConfig } from './config.ts';
import { failureLogLine, outcomeLogLine } from './outcome-log.ts';
import { type EventResult, processEvent } from './process-event.ts';

// Built once per execution environment, at load, so warm invocations reuse the
// client and its connections, and a bad setting fails the INIT phase loudly.
const config = loadConfig(process.env);
const store = createDynamoDbStatusStore({
  client: createDocumentClient(),
  tableName: config.tableName,
  historyRetentionDays: config.historyRetentionDays,
  rejectedRetentionDays: config.rejectedRetentionDays,
});
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
const now = () => new Date();

/**
 * The EventBridge target. Invalid events resolve (kept as rejected); a failing
 * store rejects the promise, so Lambda retries and then sends the event to the
 * on-failure destination.
 */
export const handler = async (event: unknown): Promise<EventResult> => {
  let result: EventResult;
  try {
    result = await processEvent(event, { store, now, futureToleranceMs: config.futureToleranceMs });
  } catch (error) {
    // Say which event failed and why, then rethrow: the retry and the dead letter depend on it.
    process.stdout.write(`${failureLogLine(event, error, now())}\n`);
    throw error;
  }
  // Straight to stdout: Lambda's console prefix would hide the line from the EMF parser.
  process.stdout.write(`${outcomeLogLine(result, functionName, now())}\n`);
  return result;
};
