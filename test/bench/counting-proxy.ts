import { createServer, type Server } from 'node:http';
import { forwardTo, listenOnLoopback } from '../support/loopback-server.ts';

/**
 * An HTTP proxy in front of DynamoDB Local that counts requests by operation
 * (the X-Amz-Target header), so two functions' writes are counted the same
 * way, whatever SDK layer issues them. An SDK's retry of a request (its
 * `amz-sdk-request: attempt=N` header above 1) is counted apart: a retry
 * says the machine was too slow for the client's timeouts, not what the
 * function's design costs.
 */
export interface CountingProxy {
  readonly endpoint: string;
  /** First attempts, by operation. */
  counts(): Record<string, number>;
  /** Retried attempts, by operation. */
  retries(): Record<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const attemptOf = (header: string | string[] | undefined): number =>
  Number(/attempt=(\d+)/.exec(String(header ?? ''))?.[1] ?? 1);

export const startCountingProxy = async (target: string): Promise<CountingProxy> => {
  const upstream = new URL(target);
  let counts: Record<string, number> = {};
  let retries: Record<string, number> = {};
  const server: Server = createServer((incoming, outgoing) => {
    const operation =
      String(incoming.headers['x-amz-target'] ?? 'unknown')
        .split('.')
        .pop() ?? 'unknown';
    const tally = attemptOf(incoming.headers['amz-sdk-request']) > 1 ? retries : counts;
    tally[operation] = (tally[operation] ?? 0) + 1;
    forwardTo(upstream, incoming, outgoing);
  });
  const { endpoint, close } = await listenOnLoopback(server);
  return {
    endpoint,
    counts: () => ({ ...counts }),
    retries: () => ({ ...retries }),
    reset: () => {
      counts = {};
      retries = {};
    },
    close,
  };
};
