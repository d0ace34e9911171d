import { createHash } from 'node:crypto';

/** Why a signed body could not be read as a delivery. */
export type UnreadableReason = 'not-utf-8' | 'not-json' | 'not-a-delivery';

/**
 * The detail of an unreadable delivery's event: the body and what identifies
 * it, so an operator can tell the producer which delivery it was and, once the
 * contract is widened, replay it. The sha256 is of the whole body, as received.
 */
export interface UnreadableDelivery {
  readonly reason: UnreadableReason;
  readonly receivedAt: string;
  readonly sha256: string;
  readonly bodyBytes: number;
  /** The delivery headers that identify it; never the signature. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, when it is UTF-8 and fits. */
  readonly body?: string;
  /** Otherwise its bytes: all of them, or the first ones when `truncated`. */
  readonly bodyBase64?: string;
  readonly truncated: boolean;
}

/**
 * A PutEvents entry must be under 256 KiB (the UTF-8 bytes of Source,
 * DetailType and Detail); 4 KiB of that is left to the source, the detail type
 * and anything EventBridge counts besides, the rest is the detail's.
 */
export const MAX_DETAIL_BYTES = 256 * 1024 - 4 * 1024;

const HEADERS_KEPT: Readonly<Record<string, number>> = {
  'x-sos-sequence-number': 32,
  'x-sos-exporter-config-uid': 64,
  'x-sos-timestamp': 32,
  'content-type': 128,
};

const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

export const unreadableDelivery = (
  body: Buffer,
  headers: Readonly<Record<string, string | undefined>>,
  reason: UnreadableReason,
  receivedAt: Date,
): UnreadableDelivery => {
  const kept: Record<string, string> = {};
  for (const [name, limit] of Object.entries(HEADERS_KEPT)) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value.slice(0, limit);
  }
  const frame = {
    reason,
    receivedAt: receivedAt.toISOString(),
    sha256: createHash('sha256').update(body).digest('hex'),
    bodyBytes: body.byteLength,
    headers: kept,
  };
  const text = body.toString('utf8');
  // Text only when it decodes back to the very bytes: otherwise base64 keeps them exact.
  const whole = Buffer.from(text, 'utf8').equals(body)
    ? { ...frame, body: text, truncated: false }
    : { ...frame, bodyBase64: body.toString('base64'), truncated: false };
  if (size(whole) <= MAX_DETAIL_BYTES) return whole;
  // Too big with its JSON escaping or base64: keep the first bytes that fit, 3 bytes per 4 characters.
  const room = MAX_DETAIL_BYTES - size({ ...frame, bodyBase64: '', truncated: true });
  const bytes = Math.max(0, Math.floor(room / 4) * 3);
  return { ...frame, bodyBase64: body.subarray(0, bytes).toString('base64'), truncated: true };
};
