import { createHmac, timingSafeEqual } from 'node:crypto';

// signageOS's webhook signature (docs/ingestion.md):
// `X-SOS-Signature: v1=` + Base64 of HMAC-SHA256, keyed with the exporter's
// secret, over `{METHOD}{url}{timestamp}{body}` with no separators; the URL
// is the one configured in the exporter, the timestamp the `X-SOS-Timestamp`
// header (Unix seconds), the body the raw bytes.

export const SIGNATURE_VERSION = 'v1=';

export interface SignedParts {
  readonly method: string;
  readonly url: string;
  readonly timestamp: string;
  readonly body: Buffer;
}

export const signature = (secret: string, parts: SignedParts): string => {
  const mac = createHmac('sha256', secret);
  mac.update(`${parts.method.toUpperCase()}${parts.url}${parts.timestamp}`, 'utf8');
  mac.update(parts.body);
  return `${SIGNATURE_VERSION}${mac.digest('base64')}`;
};

/** Whether `presented` is a valid signature under any of the secrets, compared in constant time. */
export const signatureMatches = (
  presented: string,
  secrets: readonly string[],
  parts: SignedParts,
): boolean => {
  const given = Buffer.from(presented, 'utf8');
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signature(secret, parts), 'utf8');
    // Lengths differ only for a malformed header; the comparison itself never exits early.
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  return matched;
};
