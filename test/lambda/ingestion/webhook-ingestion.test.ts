import { describe, expect, it } from 'vitest';
import type { UnreadableDelivery } from '../../../lambda/ingestion/unreadable-delivery.ts';
import { ingest, type WebhookRequest } from '../../../lambda/ingestion/webhook-ingestion.ts';
import { deliveryBody, producerSignature } from '../../support/webhook.ts';
import { KAT, KAT_BODIES } from '../../support/webhook-vectors.ts';

/** The whole endpoint decision against deliveries signed by openssl, at the vectors' own time. */

const at = new Date(Number(KAT.timestamp) * 1000);

const deliver = async (body: Buffer, presented: string) => {
  const published: string[] = [];
  const kept: UnreadableDelivery[] = [];
  const request: WebhookRequest = {
    method: KAT.method,
    headers: { 'x-sos-timestamp': KAT.timestamp, 'x-sos-signature': presented },
    body,
  };
  const { result, response } = await ingest(request, {
    secrets: async () => [KAT.secret],
    webhookUrl: () => KAT.url,
    publish: async (_delivery, rawBody) => {
      published.push(rawBody);
    },
    keepUnreadable: async (copy) => {
      kept.push(copy);
    },
    now: () => at,
  });
  return { result, response, published, kept };
};

// The Latin-1 vector is not JSON in UTF-8; the two JSON deliveries go through the whole path.
const deliveries = KAT_BODIES.filter((vector) => vector.name !== 'Latin-1');

describe('ingest with known-answer signatures', () => {
  it.each(deliveries)(
    'accepts the $name delivery signed by openssl and publishes its body unchanged',
    async ({ body, expected }) => {
      // Act
      const { response, published } = await deliver(body, expected);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(published).toEqual([body.toString('utf8')]);
    },
  );

  it('keeps non-ASCII text intact on its way to the bus', async () => {
    // Prepare
    const utf8 = deliveries.find((vector) => vector.name === 'UTF-8');

    // Act
    const { published } = await deliver(utf8?.body ?? Buffer.alloc(0), utf8?.expected ?? '');

    // Assess
    expect(JSON.parse(published[0] ?? '{}').payload.deviceName).toBe('Café Zürich ☕ 数 😀');
  });

  it.each(deliveries)(
    'refuses the $name delivery signed over the reversed input order',
    async ({ body, reversed }) => {
      // Act
      const { response, published } = await deliver(body, reversed);

      // Assess
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'bad-signature' });
      expect(published).toEqual([]);
    },
  );
});

describe('a signed body that is not UTF-8', () => {
  it('is an unreadable delivery, kept as its exact bytes, never decoded with replacement characters', async () => {
    // Prepare
    const latin1 = KAT_BODIES.find((vector) => vector.name === 'Latin-1');
    const body = latin1?.body ?? Buffer.alloc(0);

    // Act
    const { response, published, kept } = await deliver(body, latin1?.expected ?? '');

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'not-utf-8', kept: true });
    expect(published).toEqual([]);
    expect(kept).toMatchObject([
      { reason: 'not-utf-8', bodyBase64: body.toString('base64'), truncated: false },
    ]);
  });

  it('keeps two deliveries whose uids differ only in an invalid byte apart: neither reaches a recipe', async () => {
    // Prepare: a valid delivery, its uid's last character replaced by the byte 0xFF, then 0xFE.
    const text = Buffer.from(deliveryBody(undefined, { recipeUid: 'recipe-X' }), 'utf8');
    const at = text.indexOf('recipe-X') + 'recipe-'.length;
    const bodies = [0xff, 0xfe].map((byte) =>
      Buffer.concat([text.subarray(0, at), Buffer.of(byte), text.subarray(at + 1)]),
    );
    const sign = (body: Buffer) =>
      producerSignature(KAT.secret, { method: KAT.method, url: KAT.url, timestamp: KAT.timestamp, body });

    // Act
    const results = await Promise.all(bodies.map((body) => deliver(body, sign(body))));

    // Assess: both refused and kept as their own bytes, under two hashes.
    expect(results.map(({ response }) => response.statusCode)).toEqual([400, 400]);
    expect(results.flatMap(({ published }) => published)).toEqual([]);
    const copies = results.flatMap(({ kept }) => kept);
    expect(copies.map((copy) => copy.bodyBase64)).toEqual(bodies.map((body) => body.toString('base64')));
    expect(new Set(copies.map((copy) => copy.sha256)).size).toBe(2);
  });
});
