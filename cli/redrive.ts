import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type EventPattern, matchesEventPattern } from '../infra/event-pattern.ts';
import { describeIssue, parseRecipeStatusEvent } from '../lambda/shared/event-schema.ts';
import { stringAt } from '../lambda/shared/value-path.ts';
import type { EventResult } from '../lambda/status/process-event.ts';

/**
 * Puts dead-lettered events back through the handler's code path. Both queues
 * the stack makes are read: the rule's dead-letter queue holds the raw
 * EventBridge event; the function's on-failure destination holds Lambda's
 * invocation record, whose `requestPayload` is the event. A message is deleted
 * only once its event was applied, found duplicate or stale, or recorded as
 * rejected; anything else stays in the queue for the next try.
 */

export type RedriveAction = 'deleted' | 'kept' | 'would delete' | 'would keep';

export interface RedriveLine {
  readonly messageId: string;
  readonly format: 'eventbridge' | 'lambda-failure' | 'unknown';
  readonly eventId?: string;
  readonly recipeUid?: string;
  /** The handler's outcome; in a dry run, `valid` or `rejected` from validation alone. */
  readonly outcome: EventResult['outcome'] | 'valid' | 'ignored' | 'unreadable' | 'failed';
  readonly action: RedriveAction;
  readonly reasons?: string[];
}

export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly dryRun: boolean;
  readonly pattern: EventPattern;
  /** The handler's code path against the chosen store. */
  readonly processEvent: (event: unknown) => Promise<EventResult>;
  /** Long enough that a message being worked on does not come back during the run. */
  readonly visibilityTimeoutSeconds?: number;
}

type Unwrapped =
  | { readonly format: 'eventbridge' | 'lambda-failure'; readonly event: unknown }
  | { readonly format: 'unknown'; readonly error: string };

const unwrap = (body: string | undefined): Unwrapped => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return { format: 'unknown', error: 'message body is not JSON' };
  }
  if (typeof parsed === 'object' && parsed !== null && Object.hasOwn(parsed, 'requestPayload')) {
    return { format: 'lambda-failure', event: Reflect.get(parsed, 'requestPayload') };
  }
  return { format: 'eventbridge', event: parsed };
};

const errorText = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const handleMessage = async (message: Message, options: RedriveOptions): Promise<RedriveLine> => {
  const messageId = message.MessageId ?? '(no id)';
  const keep: RedriveAction = options.dryRun ? 'would keep' : 'kept';
  const unwrapped = unwrap(message.Body);
  if (unwrapped.format === 'unknown') {
    return { messageId, format: 'unknown', outcome: 'unreadable', action: keep, reasons: [unwrapped.error] };
  }
  const { format, event } = unwrapped;
  const eventId = stringAt(event, 'detail', 'id');
  const recipeUid = stringAt(event, 'detail', 'payload', 'uid');
  const ids = { ...(eventId !== undefined && { eventId }), ...(recipeUid !== undefined && { recipeUid }) };
  if (!matchesEventPattern(options.pattern, event)) {
    return {
      messageId,
      format,
      ...ids,
      outcome: 'ignored',
      action: keep,
      reasons: ['not matched by the rule'],
    };
  }
  if (options.dryRun) {
    const parsed = parseRecipeStatusEvent(event);
    return parsed.success
      ? { messageId, format, ...ids, outcome: 'valid', action: 'would delete' }
      : {
          messageId,
          format,
          ...ids,
          outcome: 'rejected',
          action: 'would delete',
          reasons: parsed.issues.map(describeIssue),
        };
  }
  try {
    const result = await options.processEvent(event);
    await options.sqs.send(
      new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
    );
    return {
      messageId,
      format,
      ...ids,
      outcome: result.outcome,
      action: 'deleted',
      ...(result.issues !== undefined && {
        reasons: result.issues.map(describeIssue),
      }),
    };
  } catch (error) {
    return { messageId, format, ...ids, outcome: 'failed', action: 'kept', reasons: [errorText(error)] };
  }
};

export const redrive = async (options: RedriveOptions): Promise<RedriveLine[]> => {
  const lines: RedriveLine[] = [];
  const seen = new Set<string>();
  const kept: Message[] = [];
  for (;;) {
    const { Messages = [] } = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: options.visibilityTimeoutSeconds ?? 300,
      }),
    );
    const fresh = Messages.filter((message) => !seen.has(message.MessageId ?? ''));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.add(message.MessageId ?? '');
      const line = await handleMessage(message, options);
      lines.push(line);
      if (line.action !== 'deleted') kept.push(message);
    }
  }
  // Make what stays visible again at once, for the next redrive or an operator.
  for (const message of kept) {
    await options.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: options.queueUrl,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
  }
  return lines;
};
