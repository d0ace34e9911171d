import { type Agent, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';

export interface LoopbackServer {
  readonly endpoint: string;
  /** Closes the server and the connections clients keep alive, so a test ends promptly. */
  close(): Promise<void>;
}

/** Starts a test's HTTP server on a free port of 127.0.0.1. */
export const listenOnLoopback = async (server: Server): Promise<LoopbackServer> => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};

/**
 * Passes a request on to `upstream` unchanged and its answer back: the part
 * every proxy in front of DynamoDB Local shares. `body` is the request's body
 * when the proxy has already read it; otherwise the request is streamed.
 */
export const forwardTo = (
  upstream: URL,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  options: { readonly agent?: Agent; readonly body?: Buffer } = {},
): void => {
  const forwarded = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: incoming.url,
      method: incoming.method,
      headers: incoming.headers,
      ...(options.agent !== undefined && { agent: options.agent }),
    },
    (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    },
  );
  forwarded.on('error', () => outgoing.destroy());
  if (options.body === undefined) incoming.pipe(forwarded);
  else forwarded.end(options.body);
};
