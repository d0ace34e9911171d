import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EventPattern } from '../../lambda/contract/event-pattern.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  type DeliveryFrame,
  type IngestionResult,
  ingest,
  type WebhookRequest,
} from '../../lambda/ingestion/webhook-ingestion.ts';
import type { EventResult } from '../../lambda/status/process-event.ts';
import { CliError, errorText } from '../toolkit/cli-error.ts';
import { type RoutedEvent, routeEvent } from './route-event.ts';

// `serve`: the ingestion code on localhost, each accepted delivery routed as EventBridge would route it.

export interface WebhookServerOptions {
  readonly port: number;
  readonly secret: string;
  readonly webhookUrl: string;
  readonly source: string;
  readonly pattern: EventPattern;
  readonly processEvent: (event: unknown) => Promise<EventResult>;
  /** One line per request, for the terminal. */
  readonly onRequest: (line: ServeLine) => void;
  /** How long a request may take to arrive whole: a slower one is answered 408 and closed (default 30 s). */
  readonly requestTimeoutMs?: number;
}

export interface ServeLine {
  /** Undefined for a request dropped before it could be answered. */
  readonly statusCode: number | undefined;
  readonly eventId?: string;
  readonly type?: string;
  readonly outcome: string;
  readonly reason?: string;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The body, read up to one byte past `limit`: a longer one is answered without reading the rest. */
const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        done(Buffer.concat(chunks));
      }
    };
    request.on('data', onData);
    request.once('end', () => done(Buffer.concat(chunks)));
    request.once('error', fail);
    request.once('close', () => {
      if (!request.complete) fail(new Error('the client went before its request ended'));
    });
  });

/** The EventBridge envelope a PutEvents of this delivery would produce. */
const asEventBridgeEvent = (delivery: DeliveryFrame, rawBody: string, source: string) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': delivery.type,
  source,
  account: '000000000000',
  time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: 'local',
  resources: [],
  detail: JSON.parse(rawBody),
});

export const startWebhookServer = async (options: WebhookServerOptions): Promise<Server> => {
  const path = new URL(options.webhookUrl).pathname;
  const answer = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const requestPath = new URL(incoming.url ?? '/', 'http://localhost').pathname;
    if (requestPath !== path) {
      outgoing
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'not-found' }));
      return;
    }
    // An oversized body is answered without reading the rest; the connection then closes.
    const body = await readBody(incoming, DEFAULT_MAX_BODY_BYTES);
    const headers = Object.fromEntries(
      Object.entries(incoming.headers).map(([name, value]) => [
        name.toLowerCase(),
        Array.isArray(value) ? value.join(',') : value,
      ]),
    );
    const request: WebhookRequest = {
      method: incoming.method ?? 'GET',
      headers,
      body,
      sourceIp: incoming.socket.remoteAddress,
    };
    let handled: RoutedEvent | undefined;
    const { result, response } = await ingest(request, {
      secrets: async () => [options.secret],
      webhookUrl: () => options.webhookUrl,
      now: () => new Date(),
      publish: async (delivery, rawBody) => {
        const event = asEventBridgeEvent(delivery, rawBody, options.source);
        // The bus forwards every type; only what the rule matches reaches the status handler.
        handled = await routeEvent(event, { pattern: options.pattern, handle: options.processEvent });
        // A failure answers the delivery as the endpoint would (the sender retries): it is not a line's outcome.
        if (handled.outcome === 'failed') throw handled.error;
      },
    });
    if (!incoming.complete) outgoing.shouldKeepAlive = false;
    outgoing.writeHead(response.statusCode, { 'content-type': 'application/json' }).end(response.body);
    options.onRequest(lineOf(result, response.statusCode, handled));
  };
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const server = createServer(
    {
      requestTimeout: timeout,
      headersTimeout: timeout,
      connectionsCheckingInterval: Math.min(1_000, timeout),
    },
    (incoming, outgoing) => {
      // A client that goes mid-request is dropped; anything else unexpected is this request's 500.
      answer(incoming, outgoing).catch((error: unknown) => {
        if (incoming.destroyed || outgoing.destroyed) {
          options.onRequest({ statusCode: undefined, outcome: 'dropped', reason: errorText(error) });
          return;
        }
        if (!outgoing.headersSent)
          outgoing.writeHead(500, { 'content-type': 'application/json', connection: 'close' });
        outgoing.end(JSON.stringify({ error: 'internal' }));
        options.onRequest({ statusCode: 500, outcome: 'failed', reason: errorText(error) });
      });
    },
  );
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new CliError(`port ${options.port} is in use: choose another with --port`)
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', () => done());
  });
  return server;
};

const lineOf = (result: IngestionResult, statusCode: number, handled: RoutedEvent | undefined): ServeLine => {
  const ids = {
    ...(result.delivery !== undefined && { eventId: result.delivery.id, type: result.delivery.type }),
  };
  if (!result.accepted) return { statusCode, ...ids, outcome: 'refused', reason: result.reason };
  if (handled === undefined || handled.outcome === 'ignored')
    return { statusCode, ...ids, outcome: 'ignored' };
  return {
    statusCode,
    ...ids,
    outcome: handled.outcome,
    ...(handled.reasons !== undefined && { reason: handled.reasons.join('; ') }),
  };
};
