import { describe, expect, it } from 'vitest';
import { ingest, type WebhookRequest } from '../../../lambda/ingestion/webhook-ingestion.ts';
import { KAT, KAT_BODIES } from '../../support/webhook-vectors.ts';

/** The whole endpoint decision against deliveries signed by openssl, at the vectors' own time. */

const at = new Date(Number(KAT.timestamp) * 1000);

const deliver = async (body: Buffer, presented: string) => {
  const published: string[] = [];
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
    now: () => at,
  });
  return { result, response, published };
};

// The Latin-1 vector is not JSON in UTF-8; the two JSON deliveries go through the whole path.
const deliveries = KAT_BODIES.filter((vector) => vector.name !== 'Latin-1');

describe('ingest with known-answer signatures', () => {
  it.each(deliveries)(
    'accepts the $name delivery signed by openssl and publishes its body unchanged',
    async ({ body, expected }) => {
      const { response, published } = await deliver(body, expected);

      expect(response.statusCode).toBe(200);
      expect(published).toEqual([body.toString('utf8')]);
    },
  );

  it('keeps non-ASCII text intact on its way to the bus', async () => {
    const utf8 = deliveries.find((vector) => vector.name === 'UTF-8');

    const { published } = await deliver(utf8?.body ?? Buffer.alloc(0), utf8?.expected ?? '');

    expect(JSON.parse(published[0] ?? '{}').payload.deviceName).toBe('Café Zürich ☕ 数 😀');
  });

  it.each(deliveries)(
    'refuses the $name delivery signed over the reversed input order',
    async ({ body, reversed }) => {
      const { response, published } = await deliver(body, reversed);

      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'bad-signature' });
      expect(published).toEqual([]);
    },
  );
});
