import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a DynamoDB client and DynamoDB Local that fails on
 * demand, as a network or an overloaded service does:
 * - `refuse`: nothing listens, so connecting fails at once;
 * - `reset`: the connection is reset as the request arrives;
 * - `stall`: the request is taken and never answered, past any client timeout;
 * - `reset-second`: every second request is reset, so an event's first write
 *   can land and its second not (the crash between two writes).
 */
export type FaultMode = 'none' | 'refuse' | 'reset' | 'stall' | 'reset-second';

export interface FaultProxy {
  readonly endpoint: string;
  setMode(mode: FaultMode): Promise<void>;
  /** Connections or requests a fault was applied to. */
  faultsInjected(): number;
  close(): Promise<void>;
}

export const startFaultProxy = async (target: string): Promise<FaultProxy> => {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let mode: FaultMode = 'none';
  let injected = 0;
  let requests = 0;

  const onConnection = (client: Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'stall') {
      client.once('data', () => {
        injected += 1;
      });
      return;
    }
    const server = createConnection({ host: upstream.hostname, port: Number(upstream.port) });
    sockets.add(server);
    server.on('close', () => sockets.delete(server));
    server.on('error', () => client.destroy());
    client.on('data', (chunk: Buffer) => {
      // A chunk that starts a request: an HTTP method at its head.
      if (/^[A-Z]+ \//.test(chunk.subarray(0, 12).toString('latin1'))) requests += 1;
      if (mode === 'reset' || (mode === 'reset-second' && requests % 2 === 0)) {
        injected += 1;
        client.resetAndDestroy();
        server.destroy();
        return;
      }
      server.write(chunk);
    });
    server.pipe(client);
  };

  let server: Server = createServer(onConnection);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const stopListening = () => new Promise<void>((done) => server.close(() => done()));

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async setMode(next) {
      // Kept-alive connections would carry on under the old mode: start every client afresh.
      dropConnections();
      if (next === 'refuse' && mode !== 'refuse') await stopListening();
      if (next !== 'refuse' && mode === 'refuse') {
        server = createServer(onConnection);
        await new Promise<void>((done) => server.listen(port, '127.0.0.1', () => done()));
      }
      mode = next;
      requests = 0;
    },
    faultsInjected: () => injected,
    async close() {
      dropConnections();
      if (mode !== 'refuse') await stopListening();
    },
  };
};
