/**
 * Timeouts every AWS SDK client of the functions uses, sized under the
 * functions' 12 s timeout: 3 attempts of at most 1 s to connect and 2 s to
 * answer, plus the SDK's backoff, end before Lambda would kill the
 * invocation, so a slow dependency surfaces as a thrown error with its cause.
 * This module imports no SDK client, so each function bundles only its own.
 */
export const CLIENT_TIMEOUTS = {
  maxAttempts: 3,
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
} as const;

export interface ClientTimeoutOptions {
  readonly maxAttempts?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** The `maxAttempts` and `requestHandler` settings of an SDK client's constructor. */
export const clientSettings = (options: ClientTimeoutOptions = {}) => ({
  maxAttempts: options.maxAttempts ?? CLIENT_TIMEOUTS.maxAttempts,
  requestHandler: {
    connectionTimeout: options.connectionTimeoutMs ?? CLIENT_TIMEOUTS.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs ?? CLIENT_TIMEOUTS.requestTimeoutMs,
    // Without it the SDK only logs a warning when a request outlives requestTimeout, and a
    // stalled connection holds the invocation until Lambda's own timeout (found by the fault tests).
    throwOnRequestTimeout: true,
  },
});
