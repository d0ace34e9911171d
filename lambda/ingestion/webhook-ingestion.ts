import * as v from 'valibot';
import {
  MAX_DETAIL_BYTES,
  type UnreadableDelivery,
  type UnreadableReason,
  unreadableDelivery,
} from './unreadable-delivery.ts';
import { signatureMatches } from './webhook-signature.ts';

// The ingestion endpoint's decision, shared by the function URL handler and `serve`: authenticate, check, publish.
// A signed body it cannot read is kept on the bus, then refused (docs/ingestion.md#what-the-endpoint-checks-in-order).

export const DEFAULT_TOLERANCE_SECONDS = 300;
/**
 * The body becomes the event's Detail, and a PutEvents entry (Source,
 * DetailType and Detail together) must stay under 256 KiB: a larger body could
 * never be published, and the producer would retry it for ever.
 */
export const DEFAULT_MAX_BODY_BYTES = MAX_DETAIL_BYTES;
const MAX_FIELD_LENGTH = 256;
// A byte sequence that is not UTF-8 throws; a byte order mark is kept, as the bytes hold it.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** EventBridge's limit on a DetailType, which the delivery's type becomes. */
const MAX_TYPE_LENGTH = 128;

/** The four-field body signageOS POSTs, for every event type: only its frame is checked here. */
export const DeliveryFrameSchema = v.object({
  id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_FIELD_LENGTH)),
  kind: v.picklist(['domain', 'telemetry']),
  type: v.pipe(v.string(), v.nonEmpty(), v.maxLength(MAX_TYPE_LENGTH)),
  payload: v.pipe(
    v.unknown(),
    v.check((value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
  ),
});
export type DeliveryFrame = v.InferOutput<typeof DeliveryFrameSchema>;

export interface WebhookRequest {
  readonly method: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  /** The client's address, logged with every refusal. */
  readonly sourceIp?: string | undefined;
}

export interface WebhookResponse {
  readonly statusCode: number;
  readonly body: string;
}

/** A signed body that is not a delivery we understand: why, which body, and whether a copy was kept. */
export interface UnreadableCopy {
  readonly reason: UnreadableReason;
  readonly sha256: string;
  readonly kept: boolean;
}

/** What a request came to, for the log line and the metrics. */
export type IngestionResult =
  | { readonly accepted: true; readonly delivery: DeliveryFrame }
  | {
      readonly accepted: false;
      readonly reason: RejectionReason;
      readonly delivery?: DeliveryFrame;
      readonly unreadable?: UnreadableCopy;
    };

export type RejectionReason =
  | 'method-not-allowed'
  | 'body-too-large'
  | 'missing-timestamp'
  | 'missing-signature'
  | 'timestamp-out-of-window'
  | 'bad-signature'
  | 'not-utf-8'
  | 'not-json'
  | 'not-a-delivery'
  | 'publish-failed'
  | 'keep-failed';

const STATUS: Record<RejectionReason, number> = {
  'method-not-allowed': 405,
  'body-too-large': 413,
  'missing-timestamp': 401,
  'missing-signature': 401,
  'timestamp-out-of-window': 401,
  'bad-signature': 401,
  'not-utf-8': 400,
  'not-json': 400,
  'not-a-delivery': 422,
  'publish-failed': 503,
  'keep-failed': 503,
};

/** Published successfully, or not; a thrown error counts as not. */
export type Publish = (delivery: DeliveryFrame, rawBody: string) => Promise<void>;

/** Kept where an operator finds it, or not; a thrown error counts as not. */
export type KeepUnreadable = (delivery: UnreadableDelivery) => Promise<void>;

export interface IngestionDependencies {
  /** Every secret valid now: the current one, and the previous one during a rotation. */
  readonly secrets: () => Promise<readonly string[]>;
  /** The webhook URL exactly as configured in the exporter: it is part of what is signed. */
  readonly webhookUrl: (request: WebhookRequest) => string;
  readonly publish: Publish;
  /** Where an unreadable signed body is kept; without it (`serve`), it is only refused. */
  readonly keepUnreadable?: KeepUnreadable;
  readonly now: () => Date;
  readonly toleranceSeconds?: number;
  readonly maxBodyBytes?: number;
  /** Called when the secrets in hand verify nothing: they may have been rotated since cached. */
  readonly refreshSecrets?: () => Promise<readonly string[]>;
}

const reply = (
  result: IngestionResult,
  message: string,
): { result: IngestionResult; response: WebhookResponse } => ({
  result,
  response: {
    statusCode: result.accepted ? 200 : STATUS[result.reason],
    body: JSON.stringify(
      result.accepted
        ? { accepted: result.delivery.id }
        : {
            error: result.reason,
            message,
            ...(result.unreadable !== undefined && {
              kept: result.unreadable.kept,
              sha256: result.unreadable.sha256,
            }),
          },
    ),
  },
});

export const ingest = async (
  request: WebhookRequest,
  deps: IngestionDependencies,
): Promise<{ result: IngestionResult; response: WebhookResponse }> => {
  const refuse = (reason: RejectionReason, message: string, delivery?: DeliveryFrame) =>
    reply({ accepted: false, reason, ...(delivery !== undefined && { delivery }) }, message);
  const unreadable = async (reason: UnreadableReason, message: string) => {
    if (deps.keepUnreadable === undefined) return refuse(reason, message);
    const copy = unreadableDelivery(request.body, request.headers, reason, deps.now());
    const { sha256 } = copy;
    try {
      await deps.keepUnreadable(copy);
    } catch {
      const notKept = { reason, sha256, kept: false };
      return reply({ accepted: false, reason: 'keep-failed', unreadable: notKept }, `${message}; retry`);
    }
    return reply({ accepted: false, reason, unreadable: { reason, sha256, kept: true } }, message);
  };

  if (request.method.toUpperCase() !== 'POST') return refuse('method-not-allowed', 'only POST is accepted');
  const maxBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (request.body.byteLength > maxBytes)
    return refuse('body-too-large', `the body exceeds ${maxBytes} bytes`);

  const timestamp = request.headers['x-sos-timestamp'];
  if (timestamp === undefined || timestamp === '')
    return refuse('missing-timestamp', 'X-SOS-Timestamp is missing');
  const presented = request.headers['x-sos-signature'];
  if (presented === undefined || presented === '')
    return refuse('missing-signature', 'X-SOS-Signature is missing');
  const seconds = Number(timestamp);
  const tolerance = deps.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(deps.now().getTime() / 1000 - seconds) > tolerance) {
    return refuse(
      'timestamp-out-of-window',
      `X-SOS-Timestamp must be Unix seconds within ${tolerance} s of now`,
    );
  }

  const parts = { method: request.method, url: deps.webhookUrl(request), timestamp, body: request.body };
  let verified = signatureMatches(presented, await deps.secrets(), parts);
  if (!verified && deps.refreshSecrets !== undefined) {
    verified = signatureMatches(presented, await deps.refreshSecrets(), parts);
  }
  if (!verified) return refuse('bad-signature', 'X-SOS-Signature does not match');

  // Only an authenticated body is parsed, and only as the very bytes signed: never with replacement characters.
  let rawBody: string;
  try {
    rawBody = STRICT_UTF8.decode(request.body);
  } catch {
    return unreadable('not-utf-8', 'the body is not UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return unreadable('not-json', 'the body is not JSON');
  }
  const frame = v.safeParse(DeliveryFrameSchema, parsed);
  if (!frame.success) {
    const fields = Object.keys(v.flatten(frame.issues).nested ?? {}).join(', ') || 'the body';
    return unreadable(
      'not-a-delivery',
      `not a signageOS delivery {id, kind, type, payload}: check ${fields}`,
    );
  }
  try {
    await deps.publish(frame.output, rawBody);
  } catch {
    return refuse('publish-failed', 'the event could not be published; retry', frame.output);
  }
  return reply({ accepted: true, delivery: frame.output }, 'accepted');
};
