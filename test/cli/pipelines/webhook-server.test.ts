import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeLine, startWebhookServer } from '../../../cli/pipelines/webhook-server.ts';
import { findFreePort } from '../../../dynamodb-local/launcher.ts';
import { recipeStatusEventPattern } from '../../../lambda/contract/event-pattern.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../../../lambda/ingestion/webhook-ingestion.ts';
import { noCapacity } from '../../../lambda/store/status-store.ts';
import { deliveryBody, SECRET, signedHeaders } from '../../support/webhook.ts';

// `serve` survives its clients: a request that is aborted, half-sent, slow or oversized never stops the next one.

const REQUEST_TIMEOUT_MS = 1_000;
let server: Server;
let url: string;
let port: number;
const lines: ServeLine[] = [];

beforeAll(async () => {
  port = await findFreePort();
  url = `http://127.0.0.1:${port}/webhook`;
  server = await startWebhookServer({
    port,
    secret: SECRET,
    webhookUrl: url,
    source: 'signageos',
    pattern: recipeStatusEventPattern(),
    processEvent: async () => ({
      outcome: 'applied',
      eventId: undefined,
      recipeUid: undefined,
      capacity: noCapacity(),
    }),
    onRequest: (line) => lines.push(line),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

type Ending = 'destroy' | 'half-close' | 'wait';

/** Sends the head of a POST declaring `declared` body bytes and `sent` of them, then ends as told; resolves with what came back. */
const partialPost = (declared: number, sent: number, ending: Ending): Promise<string> =>
  new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.once('close', () => done(answer));
    socket.once('connect', () => {
      socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${declared}\r\n\r\n`);
      socket.write(Buffer.alloc(sent, 0x7b), () => {
        if (ending === 'destroy') setTimeout(() => socket.destroy(), 100);
        if (ending === 'half-close') socket.end();
      });
    });
  });

/** A whole signed delivery: the server still answers it. */
const signedDelivery = async (): Promise<number> => {
  const body = deliveryBody();
  const response = await fetch(url, { method: 'POST', body, headers: signedHeaders({ url, body }) });
  return response.status;
};

const linesAfter = async (count: number): Promise<readonly ServeLine[]> => {
  const deadline = Date.now() + 30_000;
  while (lines.length < count && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
  return lines;
};

describe('serve survives its clients', () => {
  it('drops a request whose client aborts mid-body, and serves the next', async () => {
    // Prepare
    const before = lines.length;

    // Act
    await partialPost(1_000, 100, 'destroy');
    const next = await signedDelivery();

    // Assess
    expect(
      (await linesAfter(before + 2)).slice(before).map((line) => [line.statusCode, line.outcome]),
    ).toEqual([
      [undefined, 'dropped'],
      [200, 'applied'],
    ]);
    expect(next).toBe(200);
  });

  it('drops a half-sent request (the client stops writing), and serves the next', async () => {
    // Prepare
    const before = lines.length;

    // Act
    const answer = await partialPost(1_000, 100, 'half-close');
    const next = await signedDelivery();

    // Assess
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
    expect(
      (await linesAfter(before + 2)).slice(before).map((line) => [line.statusCode, line.outcome]),
    ).toEqual([
      [undefined, 'dropped'],
      [200, 'applied'],
    ]);
    expect(next).toBe(200);
  });

  it('answers a request that does not arrive in time with 408 and closes it', async () => {
    // Act
    const answer = await partialPost(1_000, 100, 'wait');
    const next = await signedDelivery();

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(next).toBe(200);
  });

  it('answers an oversized body with 413 without waiting for the rest of it', async () => {
    // Act
    const answer = await partialPost(10 * DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES + 1, 'wait');
    const next = await signedDelivery();

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('body-too-large');
    expect(next).toBe(200);
  });
});
