import { createServer, type Server } from 'node:http';
import { forwardTo, listenOnLoopback } from '../../support/loopback-server.ts';

/**
 * An HTTP proxy in front of DynamoDB Local that fails, as DynamoDB does when
 * throttled, every request whose body holds a marker (a recipe uid), and
 * passes the rest through. It records each request's target and body, so a
 * test can read the order in which items were written.
 */

export interface FailingProxy {
  readonly endpoint: string;
  /** `X-Amz-Target` (e.g. `DynamoDB_20120810.PutItem`) and body of every request, in arrival order. */
  readonly requests: { readonly target: string; readonly body: string }[];
  close(): Promise<void>;
}

const THROTTLED = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  message: 'The level of configured provisioned throughput for the table was exceeded.',
});

export const startFailingProxy = async (target: string, marker: string): Promise<FailingProxy> => {
  const upstream = new URL(target);
  const requests: FailingProxy['requests'] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ target: String(incoming.headers['x-amz-target'] ?? ''), body: body.toString('utf8') });
      if (body.includes(marker)) {
        outgoing.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(THROTTLED);
        return;
      }
      forwardTo(upstream, incoming, outgoing, { body });
    });
  });
  const { endpoint, close } = await listenOnLoopback(server);
  return {
    endpoint,
    requests,
    close,
  };
};
