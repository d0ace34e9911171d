import { createServer, request as forward, type Server } from 'node:http';

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
      const proxied = forward(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      proxied.once('error', () => outgoing.destroy());
      proxied.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
