import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_DETAIL_BYTES } from '../../../lambda/ingestion/unreadable-delivery.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../../../lambda/ingestion/webhook-ingestion.ts';
import { signature } from '../../../lambda/ingestion/webhook-signature.ts';
import { extractMetrics, parseJsonLogLine } from '../../support/cloudwatch-emf.ts';
import { lambdaContext } from '../../support/lambda-context.ts';
import { deliveryBody, SECRET, signedHeaders } from '../../support/webhook.ts';

const DOMAIN = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-central-1.on.aws';
const URL = `https://${DOMAIN}/`;
// An address of the documentation range (RFC 5737).
const SOURCE_IP = '203.0.113.7';
const eventBridge = mockClient(EventBridgeClient);
const secretsManager = mockClient(SecretsManagerClient);

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<{ statusCode: number; body: string }>;
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
  requestContext: {
    domainName: DOMAIN,
    http: { method: request.method ?? 'POST', path: '/', sourceIp: SOURCE_IP },
  },
});

const send = async (request: Parameters<typeof urlEvent>[0], context = lambdaContext()) => {
  const response = await handler(urlEvent(request), context);
  return { statusCode: response.statusCode, body: JSON.parse(response.body) };
};

/** An entry's size as EventBridge documents it: the UTF-8 bytes of Source, DetailType and Detail. */
const entrySize = (
  entry:
    | { Source?: string | undefined; DetailType?: string | undefined; Detail?: string | undefined }
    | undefined,
): number =>
  [entry?.Source, entry?.DetailType, entry?.Detail].reduce(
    (sum, part) => sum + Buffer.byteLength(part ?? ''),
    0,
  );

/** The two ways PutEvents fails: a failed entry in a 200 answer, or an error. */
const PUT_EVENTS_FAILURES = [
  [
    'reports a failed entry',
    () =>
      eventBridge.on(PutEventsCommand).resolves({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
      }),
  ],
  ['throws', () => eventBridge.on(PutEventsCommand).rejects(new Error('EventBridge unavailable'))],
] as const;

describe('the ingestion function', () => {
  it('puts a correctly signed delivery on the bus unchanged and answers 200', async () => {
    // Prepare
    const body = deliveryBody();

    // Act
    const response = await send({ headers: signedHeaders({ url: URL, body }), body });

    // Assess
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
    // Prepare
    const body = JSON.stringify({
      id: 'x-1',
      kind: 'telemetry',
      type: 'Device.Temperature',
      payload: { celsius: 41 },
    });

    // Act and assess
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
    [
      'an unsigned body that is not JSON',
      () => ({ headers: { 'x-sos-timestamp': String(now()), 'x-sos-signature': 'v1=AAAA' }, body: 'x' }),
      401,
      'bad-signature',
    ],
  ])(
    'refuses %s with %i and a short reason, publishing nothing',
    async (_case, request, statusCode, reason) => {
      // Act
      const response = await send(request());

      // Assess
      expect(response.statusCode).toBe(statusCode);
      expect(response.body.error).toBe(reason);
      expect(response.body.message.length).toBeLessThan(120);
      expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    },
  );

  it('counts a timestamp out of the window as a signature failure: a drifting exporter clock pages', async () => {
    // Prepare
    const body = deliveryBody();

    // Act
    await send({ headers: signedHeaders({ url: URL, body, timestamp: now() - 3600 }), body });

    // Assess
    expect(JSON.parse(logLines[0] ?? '')).toMatchObject({
      SignatureFailures: 1,
      reason: 'timestamp-out-of-window',
      statusCode: 401,
    });
  });

  it('puts the largest body it accepts in one entry under the PutEvents limit of 256 KiB', async () => {
    // Prepare
    const type = `Device.${'T'.repeat(121)}`;
    const frame = JSON.stringify({ id: 'x-1', kind: 'domain', type, payload: { padding: '' } });
    const body = frame.replace(
      '"padding":""',
      `"padding":"${'x'.repeat(DEFAULT_MAX_BODY_BYTES - frame.length)}"`,
    );
    expect(Buffer.byteLength(body)).toBe(DEFAULT_MAX_BODY_BYTES);

    // Act
    const response = await send({ headers: signedHeaders({ url: URL, body }), body });

    // Assess
    expect(response.statusCode).toBe(200);
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entrySize(entry)).toBeLessThan(256 * 1024);
  });

  it('counts signature failures in their own metric, for the alarm', async () => {
    // Act
    await send({
      headers: signedHeaders({ url: 'https://elsewhere/', body: deliveryBody() }),
      body: deliveryBody(),
    });

    // Assess
    expect(JSON.parse(logLines[0] ?? '')).toMatchObject({
      SignatureFailures: 1,
      reason: 'bad-signature',
      statusCode: 401,
    });
  });

  it.each(PUT_EVENTS_FAILURES)(
    'answers 503 when PutEvents %s, so the producer retries',
    async (_case, arrange) => {
      // Prepare
      arrange();
      const body = deliveryBody();

      // Act
      const response = await send({ headers: signedHeaders({ url: URL, body }), body });

      // Assess
      expect(response).toMatchObject({ statusCode: 503, body: { error: 'publish-failed' } });
      expect(JSON.parse(logLines[0] ?? '')).toMatchObject({ PublishFailures: 1, level: 'ERROR' });
    },
  );
});

describe('a signed delivery the function cannot read', () => {
  const signed = (body: string) => ({ headers: signedHeaders({ url: URL, body }), body });
  const keptEntries = () =>
    eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries);

  it.each([
    // sha256 of each body computed with sha256sum, not with our code.
    ['not JSON', 'id=1&kind=domain', 400, '2644a839bb715fa4f170d86935c8770e5c9ab4753f09d0ae26aa2a6feb13c8db'],
    [
      'JSON but no delivery',
      '{"hello":"world"}',
      422,
      '93a23971a914e5eacbf0a8d25154cda309c3c1c72fbb9914d47c60f3cb681588',
    ],
  ])(
    'is kept on the bus under its own detail type when %s, then refused as before',
    async (_case, body, statusCode, sha256) => {
      // Prepare
      const reason = statusCode === 400 ? 'not-json' : 'not-a-delivery';
      const request = signed(body);

      // Act
      const response = await send(request);

      // Assess
      expect(response).toMatchObject({ statusCode, body: { error: reason, kept: true, sha256 } });
      const entries = keptEntries();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toEqual([
        {
          EventBusName: 'signageos-events',
          Source: 'signageos',
          DetailType: 'RecipeStatus.UnreadableDelivery',
          Detail: expect.any(String),
        },
      ]);
      expect(JSON.parse(entries[0]?.[0]?.Detail ?? '')).toEqual({
        reason,
        receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        sha256,
        bodyBytes: Buffer.byteLength(body),
        headers: {
          'x-sos-sequence-number': '42',
          'x-sos-exporter-config-uid': 'exporter-1',
          'x-sos-timestamp': request.headers['x-sos-timestamp'],
          'content-type': 'application/json',
        },
        body,
        truncated: false,
      });
      const line = parseJsonLogLine(logLines[0] ?? '');
      expect(line).toMatchObject({ level: 'WARN', reason, unreadableReason: reason, sha256, kept: true });
      expect(extractMetrics(logLines[0] ?? '').map((metric) => metric.name)).toEqual([
        'DeliveriesUnreadable',
      ]);
      expect(JSON.stringify(line)).not.toContain('kind=domain');
    },
  );

  it('keeps a delivery whose type EventBridge could not take as a detail type (over 128 characters)', async () => {
    const body = JSON.stringify({ id: 'x-1', kind: 'domain', type: 'T'.repeat(129), payload: {} });
    const response = await send(signed(body));
    expect(response).toMatchObject({ statusCode: 422, body: { error: 'not-a-delivery', kept: true } });
    expect(keptEntries()[0]?.[0]?.DetailType).toBe('RecipeStatus.UnreadableDelivery');
  });

  it('keeps a body too large for one event as its first bytes, marked truncated, under the PutEvents limit', async () => {
    // Prepare: not UTF-8, so kept as base64, which grows it by a third.
    const bytes = Buffer.alloc(DEFAULT_MAX_BODY_BYTES, 0xff);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = signedHeaders({ url: URL, body: 'placeholder', timestamp });
    headers['x-sos-signature'] = signature(SECRET, {
      method: 'POST',
      url: URL,
      timestamp: String(timestamp),
      body: bytes,
    });
    const event = { ...urlEvent({ headers }), body: bytes.toString('base64'), isBase64Encoded: true };

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.statusCode).toBe(400);
    const entry = keptEntries()[0]?.[0];
    const detail = JSON.parse(entry?.Detail ?? '');
    expect(detail).toMatchObject({ reason: 'not-utf-8', bodyBytes: DEFAULT_MAX_BODY_BYTES, truncated: true });
    const kept = Buffer.from(detail.bodyBase64, 'base64');
    expect(kept.byteLength).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES / 2);
    expect(kept.equals(bytes.subarray(0, kept.byteLength))).toBe(true);
    expect(Buffer.byteLength(entry?.Detail ?? '')).toBeLessThanOrEqual(MAX_DETAIL_BYTES);
    expect(entrySize(entry)).toBeLessThan(256 * 1024);
  });

  it.each(PUT_EVENTS_FAILURES)(
    'answers 503 when keeping it %s, so the producer retries',
    async (_case, arrange) => {
      // Prepare
      arrange();

      // Act
      const response = await send(signed('id=1&kind=domain'));

      // Assess
      expect(response).toMatchObject({
        statusCode: 503,
        body: { error: 'keep-failed', kept: false },
      });
      expect(parseJsonLogLine(logLines[0] ?? '')).toMatchObject({
        level: 'ERROR',
        reason: 'keep-failed',
        unreadableReason: 'not-json',
      });
      expect(extractMetrics(logLines[0] ?? '').map((metric) => metric.name)).toEqual([
        'DeliveriesUnreadable',
        'PublishFailures',
      ]);
    },
  );
});

describe('the source address', () => {
  it('is logged with every refused request, and not with an accepted one', async () => {
    // Prepare
    const body = deliveryBody();
    const requests = [
      { method: 'GET', body },
      { headers: signedHeaders({ url: URL, body, secret: 'not-the-secret-0123456789abcdefghijklmn' }), body },
      { headers: signedHeaders({ url: URL, body: 'id=1' }), body: 'id=1' },
      { headers: signedHeaders({ url: URL, body }), body },
    ];

    // Act
    for (const request of requests) await send(request);

    // Assess
    expect(logLines.map((line) => parseJsonLogLine(line))).toMatchObject([
      { statusCode: 405, sourceIp: SOURCE_IP },
      { statusCode: 401, sourceIp: SOURCE_IP },
      { statusCode: 400, sourceIp: SOURCE_IP },
      { statusCode: 200 },
    ]);
    expect(parseJsonLogLine(logLines[3] ?? '')).not.toHaveProperty('sourceIp');
  });
});

describe('the request line', () => {
  it('is a line CloudWatch reads, with the request id and whether it was a cold start', async () => {
    // Prepare
    const body = deliveryBody();
    const context = lambdaContext();

    // Act
    await send({ headers: signedHeaders({ url: URL, body }), body }, context);

    // Assess
    expect(parseJsonLogLine(logLines[0] ?? '')).toMatchObject({
      level: 'INFO',
      requestId: context.awsRequestId,
      coldStart: expect.any(Boolean),
    });
    expect(extractMetrics(logLines[0] ?? '')).toMatchObject([
      {
        namespace: 'RecipeStatus',
        name: 'DeliveriesAccepted',
        value: 1,
        dimensions: { FunctionName: 'ingest' },
      },
    ]);
  });
});
