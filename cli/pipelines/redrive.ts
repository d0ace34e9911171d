import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { EventPattern } from '../../lambda/contract/event-pattern.ts';
import { stringAt } from '../../lambda/contract/value-path.ts';
import type { EventResult } from '../../lambda/status/process-event.ts';
import { CliError } from '../toolkit/cli-error.ts';
import { routeEvent } from './route-event.ts';

// Dead-lettered events back through the status path; a message is deleted only once its event is handled.

export type RedriveAction = 'deleted' | 'kept' | 'would delete' | 'would keep';

export interface RedriveLine {
  readonly messageId: string;
  readonly format: 'eventbridge' | 'lambda-failure' | 'unknown';
  readonly eventId?: string;
  readonly recipeUid?: string;
  /** The handler's outcome; in a dry run, the one it would have now. */
  readonly outcome: EventResult['outcome'] | 'ignored' | 'unreadable' | 'failed';
  readonly action: RedriveAction;
  readonly reasons?: string[];
}

export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly dryRun: boolean;
  readonly pattern: EventPattern;
  /** The handler's code path against the chosen store; in a dry run, against one that writes nothing. */
  readonly processEvent: (event: unknown, arrivedAt?: Date) => Promise<EventResult>;
  /** Long enough that a message being worked on does not come back during the run. */
  readonly visibilityTimeoutSeconds?: number;
}

type Unwrapped =
  | { readonly format: 'eventbridge'; readonly event: unknown }
  | { readonly format: 'lambda-failure'; readonly event: unknown; readonly failedAt: number }
  | { readonly format: 'unknown'; readonly error: string };

const unwrap = (body: string | undefined): Unwrapped => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return { format: 'unknown', error: 'message body is not JSON' };
  }
  if (typeof parsed === 'object' && parsed !== null && Object.hasOwn(parsed, 'requestPayload')) {
    const timestamp = Reflect.get(parsed, 'timestamp');
    const failedAt = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    return { format: 'lambda-failure', event: Reflect.get(parsed, 'requestPayload'), failedAt };
  }
  return { format: 'eventbridge', event: parsed };
};

// Loaded when a redrive runs: every other command starts faster without the SQS client.
const sqsCommands = () => import('@aws-sdk/client-sqs');

/** When the event first reached the component: its dead-lettering, or a Lambda failure record's time if earlier. */
const firstArrival = (message: Message, unwrapped: Unwrapped): Date | undefined => {
  const sent = Number(message.Attributes?.SentTimestamp ?? Number.NaN);
  const failedAt = unwrapped.format === 'lambda-failure' ? unwrapped.failedAt : Number.NaN;
  const known = [sent, failedAt].filter((millis) => Number.isFinite(millis));
  return known.length === 0 ? undefined : new Date(Math.min(...known));
};

const handleMessage = async (message: Message, options: RedriveOptions): Promise<RedriveLine> => {
  const { DeleteMessageCommand } = await sqsCommands();
  const messageId = message.MessageId ?? '(no id)';
  const keep: RedriveAction = options.dryRun ? 'would keep' : 'kept';
  const unwrapped = unwrap(message.Body);
  if (unwrapped.format === 'unknown') {
    return { messageId, format: 'unknown', outcome: 'unreadable', action: keep, reasons: [unwrapped.error] };
  }
  const { format, event } = unwrapped;
  const arrivedAt = firstArrival(message, unwrapped);
  const eventId = stringAt(event, 'detail', 'id');
  const recipeUid = stringAt(event, 'detail', 'payload', 'uid');
  const ids = { ...(eventId !== undefined && { eventId }), ...(recipeUid !== undefined && { recipeUid }) };
  // The message is deleted with its event handled: a failed delete keeps it, as a failed event.
  const routed = await routeEvent(event, {
    pattern: options.pattern,
    handle: async (routedEvent) => {
      const result = await options.processEvent(routedEvent, arrivedAt);
      if (!options.dryRun)
        await options.sqs.send(
          new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      return result;
    },
  });
  const handled = routed.outcome !== 'ignored' && routed.outcome !== 'failed';
  return {
    messageId,
    format,
    ...ids,
    outcome: routed.outcome,
    action: !handled ? keep : options.dryRun ? 'would delete' : 'deleted',
    ...(routed.reasons !== undefined && { reasons: [...routed.reasons] }),
  };
};

export const redrive = async (options: RedriveOptions): Promise<RedriveLine[]> => {
  const { ChangeMessageVisibilityCommand, ReceiveMessageCommand } = await sqsCommands();
  const lines: RedriveLine[] = [];
  const seen = new Set<string>();
  const kept: Message[] = [];
  for (;;) {
    const { Messages = [] } = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['SentTimestamp'],
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

export interface QueueLocation {
  /** Not on this machine: its events belong in the deployed table, not in a store chosen by default. */
  readonly real: boolean;
  /** The region in an SQS queue URL (`https://sqs.<region>.amazonaws.com/…`). */
  readonly region: string | undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const REGION_IN_HOST = [
  /(?:^|\.)sqs\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/,
  /^([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\.amazonaws\.com(?:\.cn)?$/,
];

export const locateQueue = (queueUrl: string): QueueLocation => {
  let url: URL;
  try {
    url = new URL(queueUrl);
  } catch {
    throw new CliError(`--queue-url is not a URL: "${queueUrl}"`);
  }
  const region = REGION_IN_HOST.map((pattern) => pattern.exec(url.hostname)?.[1]).find((found) => found);
  return { real: !LOOPBACK.test(url.hostname), region };
};
