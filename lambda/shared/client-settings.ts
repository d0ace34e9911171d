import { createDeadlineRetryStrategy, type RetryPolicy } from './deadline-retry.ts';

/**
 * Timeouts every AWS SDK client of the functions uses: at most 1 s to connect
 * and 2 s to answer, so a slow dependency surfaces as a thrown error with its
 * cause. This module imports no SDK client, so each function bundles only its own.
 */
export const CLIENT_TIMEOUTS = {
  /** Attempts of a client without a deadline (the CLI, tests): the SDK's standard retry. */
  maxAttempts: 3,
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
} as const;

/** How the functions' clients retry, within the invocation's deadline: the figures are in docs/performance.md. */
export const DEADLINE_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  throttlingBaseDelayMs: 100,
  transientBaseDelayMs: 25,
  maxDelayMs: 1_000,
  attemptTimeoutMs: CLIENT_TIMEOUTS.connectionTimeoutMs + CLIENT_TIMEOUTS.requestTimeoutMs,
};

export interface ClientTimeoutOptions {
  readonly maxAttempts?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /**
   * The invocation's deadline (epoch ms): retries follow DEADLINE_RETRY_POLICY
   * and end by it. Without it, the SDK's standard retry with `maxAttempts`.
   */
  readonly retryDeadline?: () => number | undefined;
}

/** The retry and `requestHandler` settings of an SDK client's constructor. */
export const clientSettings = (options: ClientTimeoutOptions = {}) => {
  const connectionTimeout = options.connectionTimeoutMs ?? CLIENT_TIMEOUTS.connectionTimeoutMs;
  const requestTimeout = options.requestTimeoutMs ?? CLIENT_TIMEOUTS.requestTimeoutMs;
  const requestHandler = {
    connectionTimeout,
    requestTimeout,
    // Without it the SDK only logs a warning when a request outlives requestTimeout, and a
    // stalled connection holds the invocation until Lambda's own timeout (found by the fault tests).
    throwOnRequestTimeout: true,
  };
  if (options.retryDeadline === undefined)
    return { maxAttempts: options.maxAttempts ?? CLIENT_TIMEOUTS.maxAttempts, requestHandler };
  const policy: RetryPolicy = {
    ...DEADLINE_RETRY_POLICY,
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    attemptTimeoutMs: connectionTimeout + requestTimeout,
  };
  return {
    maxAttempts: policy.maxAttempts,
    retryStrategy: createDeadlineRetryStrategy(policy, options.retryDeadline),
    requestHandler,
  };
};
