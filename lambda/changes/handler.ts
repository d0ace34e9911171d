import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { clientSettings } from '../shared/client-settings.ts';
import { createInvocationDeadline } from '../shared/deadline-retry.ts';
import { createInvocationTracker, type InvocationLog } from '../shared/invocation.ts';
import { isWritten, type LogLevel } from '../shared/log-level.ts';
import { loadChangesConfig } from './config.ts';
import { publishChanges } from './publish-changes.ts';
import { changesOfRecords, parseStreamEvent, type StreamRecord } from './stream-records.ts';

// Built once per execution environment; a bad setting fails the INIT phase loudly.
const config = loadChangesConfig(process.env);
const deadline = createInvocationDeadline();
const eventBridge = new EventBridgeClient(clientSettings({ retryDeadline: deadline.get }));
const beginInvocation = createInvocationTracker(process.env);

const logLine = (
  level: LogLevel,
  invocation: InvocationLog,
  fields: Readonly<Record<string, unknown>>,
): void => {
  if (!isWritten(level, invocation.logLevel)) return;
  const line = { timestamp: new Date().toISOString(), level, requestId: invocation.requestId, ...fields };
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/** Which stream records a line is about: an operator finds them by sequence number. */
const span = (records: readonly StreamRecord[]) => ({
  records: records.length,
  firstSequenceNumber: records[0]?.dynamodb.SequenceNumber,
  lastSequenceNumber: records.at(-1)?.dynamodb.SequenceNumber,
});

/**
 * The table stream's function: puts one change event per change of a current
 * status. Any failure is thrown: the event source mapping retries the batch,
 * bisects it, and records what still fails in the change failure queue.
 */
export const handler = async (
  event: unknown,
  context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
): Promise<void> => {
  deadline.start(context.getRemainingTimeInMillis());
  const invocation = beginInvocation(context);
  let records: StreamRecord[] = [];
  try {
    records = parseStreamEvent(event);
    const changes = changesOfRecords(records, (warning) => logLine('WARN', invocation, warning));
    await publishChanges(changes, { client: eventBridge, eventBusName: config.eventBusName });
    logLine('INFO', invocation, { message: 'changes published', changes: changes.length, ...span(records) });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    logLine('ERROR', invocation, {
      message: 'changes not published',
      error: { name, message },
      ...span(records),
    });
    throw error;
  }
};
