import { randomUUID } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { forwardTo, listenOnLoopback } from './loopback-server.ts';

/**
 * An HTTP proxy in front of DynamoDB Local that throttles writes as a table
 * at its capacity does: a token bucket over write requests (one token per
 * write request, refilled at `writesPerSecond`, holding at most `burst`).
 * A write with no token is answered as DynamoDB answers it, HTTP 400 with
 * the JSON error body, and never reaches the table; reads always pass.
 */
export interface ThrottlingProxyOptions {
  readonly writesPerSecond: number;
  readonly burst: number;
  /**
   * Start with an empty bucket (a table whose burst is spent), so the first
   * write is throttled whatever the machine's speed; full when false.
   */
  readonly startEmpty?: boolean;
  readonly now?: () => number;
}

export interface ThrottlingProxy {
  readonly endpoint: string;
  /** Write requests forwarded, write requests throttled, and other requests forwarded. */
  counts(): { readonly writes: number; readonly throttled: number; readonly reads: number };
  close(): Promise<void>;
}

const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** What DynamoDB says when an on-demand table's throughput is exceeded. */
export const THROTTLED_BODY = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  message:
    'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your ' +
    'table or index so please try again shortly. If exceptions persist, check if you have a hot key.',
});

const operationOf = (incoming: IncomingMessage): string =>
  String(incoming.headers['x-amz-target'] ?? '')
    .split('.')
    .pop() ?? '';

export const startThrottlingProxy = async (
  target: string,
  options: ThrottlingProxyOptions,
): Promise<ThrottlingProxy> => {
  const upstream = new URL(target);
  const now = options.now ?? (() => performance.now());
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let tokens = options.startEmpty ? 0 : options.burst;
  // The bucket's clock starts at the first write, so an empty bucket is still empty then.
  let refilledAt: number | undefined;
  const counts = { writes: 0, throttled: 0, reads: 0 };

  const takeToken = (): boolean => {
    const at = now();
    const elapsed = refilledAt === undefined ? 0 : at - refilledAt;
    tokens = Math.min(options.burst, tokens + (elapsed / 1_000) * options.writesPerSecond);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const throttle = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    counts.throttled += 1;
    // Read the request to its end first, so the kept-alive connection stays usable.
    incoming.resume();
    incoming.once('end', () => {
      outgoing
        .writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': randomUUID(),
          'content-length': Buffer.byteLength(THROTTLED_BODY),
        })
        .end(THROTTLED_BODY);
    });
  };

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) =>
    forwardTo(upstream, incoming, outgoing, { agent });

  const server: Server = createServer((incoming, outgoing) => {
    if (!WRITE_OPERATIONS.has(operationOf(incoming))) {
      counts.reads += 1;
      forward(incoming, outgoing);
    } else if (takeToken()) {
      counts.writes += 1;
      forward(incoming, outgoing);
    } else {
      throttle(incoming, outgoing);
    }
  });
  const listening = await listenOnLoopback(server);
  return {
    endpoint: listening.endpoint,
    counts: () => ({ ...counts }),
    close: () => {
      agent.destroy();
      return listening.close();
    },
  };
};
