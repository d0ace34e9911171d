import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import {
  DEFAULT_MAX_BODY_BYTES,
  type DeliveryFrame,
  type IngestionResult,
  ingest,
  type WebhookRequest,
} from '../../lambda/ingestion/webhook-ingestion.ts';
import type { EventPattern } from '../../lambda/shared/event-pattern.ts';
import type { EventResult } from '../../lambda/status/process-event.ts';
import { CliError } from '../toolkit/cli-error.ts';
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
}

export interface ServeLine {
  readonly statusCode: number;
  readonly eventId?: string;
  readonly type?: string;
  readonly outcome: string;
  readonly reason?: string;
}

const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      // Past the limit, keep only enough to know it was exceeded.
      if (size <= limit) chunks.push(chunk);
      size += chunk.byteLength;
    });
    request.once('end', () => done(Buffer.concat(chunks)));
    request.once('error', fail);
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
  const server = createServer(async (incoming, outgoing) => {
    const requestPath = new URL(incoming.url ?? '/', 'http://localhost').pathname;
    if (requestPath !== path) {
      outgoing
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'not-found' }));
      return;
    }
    const body = await readBody(incoming, DEFAULT_MAX_BODY_BYTES);
    const headers = Object.fromEntries(
      Object.entries(incoming.headers).map(([name, value]) => [
        name.toLowerCase(),
        Array.isArray(value) ? value.join(',') : value,
      ]),
    );
    const request: WebhookRequest = { method: incoming.method ?? 'GET', headers, body };
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
    outgoing.writeHead(response.statusCode, { 'content-type': 'application/json' }).end(response.body);
    options.onRequest(lineOf(result, response.statusCode, handled));
  });
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
