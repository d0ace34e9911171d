import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from '../../../lambda/ingestion/webhook-ingestion.ts';
import { deliveryBody, SECRET, signedHeaders } from '../../support/webhook.ts';

const DOMAIN = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws';
const URL = `https://${DOMAIN}/`;
const eventBridge = mockClient(EventBridgeClient);
const secretsManager = mockClient(SecretsManagerClient);

type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;
let handler: Handler;
let logLines: string[];

beforeAll(async () => {
  vi.stubEnv('EVENT_BUS_NAME', 'signageos-events');
  vi.stubEnv('WEBHOOK_SECRET_ARN', 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:webhook-AbCdEf');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'ingest');
  handler = (await import('../../../lambda/ingestion/handler.ts')).handler;
});

beforeEach(() => {
  eventBridge.reset();
  secretsManager.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
  secretsManager.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: SECRET });
  secretsManager
    .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
    .rejects(new ResourceNotFoundException({ message: 'no previous version', $metadata: {} }));
  logLines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    logLines.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

/** A function URL event, as Lambda delivers an HTTP request. */
const urlEvent = (request: {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
}) => ({
  version: '2.0',
  rawPath: '/',
  headers: request.headers ?? {},
  body: request.base64 ? Buffer.from(request.body ?? '').toString('base64') : (request.body ?? ''),
  isBase64Encoded: request.base64 ?? false,
  requestContext: { domainName: DOMAIN, http: { method: request.method ?? 'POST', path: '/' } },
});

const send = async (request: Parameters<typeof urlEvent>[0]) => {
  const response = await handler(urlEvent(request));
  return { statusCode: response.statusCode, body: JSON.parse(response.body) };
};

describe('the ingestion function', () => {
  it('puts a correctly signed delivery on the bus unchanged and answers 200', async () => {
    const body = deliveryBody();

    const response = await send({ headers: signedHeaders({ url: URL, body }), body });

    expect(response).toEqual({ statusCode: 200, body: { accepted: '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f' } });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.Entries).toEqual([
      {
        EventBusName: 'signageos-events',
        Source: 'signageos',
        DetailType: 'Device.ProvisioningRecipeStatusUpdated',
        Detail: body,
      },
    ]);
    expect(JSON.parse(logLines[0] ?? '')).toMatchObject({
      DeliveriesAccepted: 1,
      statusCode: 200,
      eventId: '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f',
      sequenceNumber: '42',
      exporterUid: 'exporter-1',
    });
  });

  it('accepts a base64-encoded body', async () => {
    const body = deliveryBody();
    expect((await send({ headers: signedHeaders({ url: URL, body }), body, base64: true })).statusCode).toBe(
      200,
    );
  });

  it('forwards every event type, not only the one this component records', async () => {
    const body = JSON.stringify({
      id: 'x-1',
      kind: 'telemetry',
      type: 'Device.Temperature',
      payload: { celsius: 41 },
    });
    expect((await send({ headers: signedHeaders({ url: URL, body }), body })).statusCode).toBe(200);
    expect(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.DetailType).toBe(
      'Device.Temperature',
    );
  });

  const now = () => Math.floor(Date.now() / 1000);
  const signedBy = (options: Partial<Parameters<typeof signedHeaders>[0]> & { body?: string }) => {
    const body = options.body ?? deliveryBody();
    return { headers: signedHeaders({ url: URL, ...options, body }), body };
  };
  it.each([
    [
      'a wrong secret',
      () => signedBy({ secret: 'not-the-secret-at-all-0123456789abcdef' }),
      401,
      'bad-signature',
    ],
    [
      'a tampered body',
      () => ({ ...signedBy({}), body: deliveryBody().replace('Pending', 'Applied') }),
      401,
      'bad-signature',
    ],
    ['a tampered URL', () => signedBy({ url: 'https://attacker.example/' }), 401, 'bad-signature'],
    ['a stale timestamp', () => signedBy({ timestamp: now() - 301 }), 401, 'timestamp-out-of-window'],
    ['a future timestamp', () => signedBy({ timestamp: now() + 301 }), 401, 'timestamp-out-of-window'],
    ['a millisecond timestamp', () => signedBy({ timestamp: Date.now() }), 401, 'timestamp-out-of-window'],
    [
      'no X-SOS-Timestamp',
      () => ({ headers: { 'x-sos-signature': 'v1=abc' }, body: deliveryBody() }),
      401,
      'missing-timestamp',
    ],
    [
      'no X-SOS-Signature',
      () => ({ headers: { 'x-sos-timestamp': String(now()) }, body: deliveryBody() }),
      401,
      'missing-signature',
    ],
    ['a GET', () => ({ method: 'GET', ...signedBy({ method: 'GET', body: '' }) }), 405, 'method-not-allowed'],
    [
      'an oversized body',
      () => signedBy({ body: `{"id":"x","padding":"${'x'.repeat(DEFAULT_MAX_BODY_BYTES)}"}` }),
      413,
      'body-too-large',
    ],
    ['a signed body that is not JSON', () => signedBy({ body: 'id=1&kind=domain' }), 400, 'not-json'],
    [
      'a valid signature over a body that is not a delivery',
      () => signedBy({ body: '{"hello":"world"}' }),
      422,
      'not-a-delivery',
    ],
  ])(
    'refuses %s with %i and a short reason, publishing nothing',
    async (_case, request, statusCode, reason) => {
      const response = await send(request());

      expect(response.statusCode).toBe(statusCode);
      expect(response.body.error).toBe(reason);
      expect(response.body.message.length).toBeLessThan(120);
      expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    },
  );

  it('counts signature failures in their own metric, for the alarm', async () => {
    await send({
      headers: signedHeaders({ url: 'https://elsewhere/', body: deliveryBody() }),
      body: deliveryBody(),
    });
    expect(JSON.parse(logLines[0] ?? '')).toMatchObject({
      SignatureFailures: 1,
      reason: 'bad-signature',
      statusCode: 401,
    });
  });

  it.each([
    [
      'reports a failed entry',
      () =>
        eventBridge.on(PutEventsCommand).resolves({
          FailedEntryCount: 1,
          Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
        }),
    ],
    ['throws', () => eventBridge.on(PutEventsCommand).rejects(new Error('EventBridge unavailable'))],
  ])('answers 503 when PutEvents %s, so the producer retries', async (_case, arrange) => {
    arrange();
    const body = deliveryBody();
    const response = await send({ headers: signedHeaders({ url: URL, body }), body });
    expect(response).toMatchObject({ statusCode: 503, body: { error: 'publish-failed' } });
    expect(JSON.parse(logLines[0] ?? '')).toMatchObject({ PublishFailures: 1, level: 'ERROR' });
  });
});
