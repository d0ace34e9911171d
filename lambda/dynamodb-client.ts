import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Client timeouts sized under the function's 10 s timeout: 3 attempts of at
 * most 1 s to connect and 2 s to answer, plus the SDK's backoff, end before
 * Lambda would kill the invocation, so a slow DynamoDB surfaces as a thrown
 * error Lambda retries, not as a timeout that hides the cause.
 */
export const CLIENT_TIMEOUTS = {
  maxAttempts: 3,
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
} as const;

export interface DocumentClientOptions {
  /** Overrides the SDK's own resolution (`AWS_ENDPOINT_URL_DYNAMODB`, then the region's endpoint). */
  readonly endpoint?: string;
  readonly region?: string;
  /** Fixed credentials, for a local endpoint; the SDK's provider chain when undefined. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly maxAttempts?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

export const createDocumentClient = (options: DocumentClientOptions = {}): DynamoDBDocumentClient => {
  const client = new DynamoDBClient({
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.region !== undefined && { region: options.region }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    maxAttempts: options.maxAttempts ?? CLIENT_TIMEOUTS.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? CLIENT_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? CLIENT_TIMEOUTS.requestTimeoutMs,
      // Without it the SDK only logs a warning when a request outlives requestTimeout, and a
      // stalled connection holds the invocation until Lambda's own timeout (found by the fault tests).
      throwOnRequestTimeout: true,
    },
  });
  return DynamoDBDocumentClient.from(client);
};
