import { createHmac } from 'node:crypto';
import { recipeEvent } from './events.ts';

export const SECRET = 'test-webhook-secret-0123456789abcdefghijklmnop';
export const OLD_SECRET = 'old-webhook-secret-0123456789abcdefghijklmnopq';

/** The signageOS delivery body of an event: what an exporter POSTs. */
export const deliveryBody = (
  id = '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f',
  overrides: { recipeUid?: string; status?: 'Pending' | 'Applied' | 'Failed' | 'Invalid' } = {},
): string =>
  JSON.stringify(recipeEvent({ id, recipeUid: overrides.recipeUid, status: overrides.status }).detail);

export interface ProducerSignedParts {
  readonly method: string;
  readonly url: string;
  readonly timestamp: string;
  readonly body: Buffer;
}

/**
 * The signature as the producer documents it, written apart from
 * lambda/ingestion/webhook-signature.ts, so that tests of the endpoint do not
 * check our verifier against our own signer. The openssl vectors in
 * webhook-vectors.ts pin it (test/lambda/ingestion/webhook-signature.test.ts).
 */
export const producerSignature = (secret: string, parts: ProducerSignedParts): string => {
  const signed = Buffer.concat([
    Buffer.from(`${parts.method.toUpperCase()}${parts.url}${parts.timestamp}`, 'utf8'),
    parts.body,
  ]);
  return `v1=${createHmac('sha256', secret).update(signed).digest('base64')}`;
};

export interface SignedRequestOptions {
  readonly secret?: string;
  readonly url: string;
  readonly body: string;
  readonly timestamp?: number;
  readonly method?: string;
}

/** Headers an exporter sends with a delivery, signed as signageOS documents. */
export const signedHeaders = (options: SignedRequestOptions): Record<string, string> => {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-sos-timestamp': timestamp,
    'x-sos-sequence-number': '42',
    'x-sos-exporter-config-uid': 'exporter-1',
    'x-sos-signature': producerSignature(options.secret ?? SECRET, {
      method: options.method ?? 'POST',
      url: options.url,
      timestamp,
      body: Buffer.from(options.body, 'utf8'),
    }),
  };
};
