import { signature } from '../../lambda/ingestion/webhook-signature.ts';
import { recipeEvent } from './events.ts';

export const SECRET = 'test-webhook-secret-0123456789abcdefghijklmnop';
export const OLD_SECRET = 'old-webhook-secret-0123456789abcdefghijklmnopq';

/** The signageOS delivery body of an event: what an exporter POSTs. */
export const deliveryBody = (
  id = '01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f',
  overrides: { recipeUid?: string; status?: 'Pending' | 'Applied' | 'Failed' | 'Invalid' } = {},
): string =>
  JSON.stringify(recipeEvent({ id, recipeUid: overrides.recipeUid, status: overrides.status }).detail);

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
    'x-sos-signature': signature(options.secret ?? SECRET, {
      method: options.method ?? 'POST',
      url: options.url,
      timestamp,
      body: Buffer.from(options.body, 'utf8'),
    }),
  };
};
