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

/**
 * How the functions' clients retry, within the invocation's deadline (see
 * deadline-retry.ts). Against the 12 s timeout (FUNCTION_TIMEOUT_SECONDS), with
 * the deadline at 12 s − 0.5 s margin = 11.5 s after the invocation starts:
 * - one attempt takes at most 1 s (connect) + 2 s (request) = 3 s;
 * - backoff caps, in ms, by retry: throttling 100, 200, 400, 800, then 1,000
 *   (Σ over 9 retries = 100 + 200 + 400 + 800 + 5 × 1,000 = 6,500);
 *   transient 25, 50, 100, 200, 400, 800, then 1,000;
 * - every attempt at its timeouts (a timeout is a transient error):
 *   3 + 0.025 + 3 + 0.05 + 3 ≈ 9.1 s, and a fourth would end at ≥ 12.1 s
 *   > 11.5 s, so it is not started: the call throws its own error by 9.1 s;
 * - throttled answers (milliseconds each): up to 10 attempts, 6.5 s of
 *   backoff at most, 3.25 s on average, where the SDK's standard mode allowed
 *   3 attempts and 3 s;
 * - an event's two or three calls share the one deadline, so whatever the mix,
 *   the last attempt ends by 11.5 s and the invocation, with its log line, by 12 s.
 * The static sum 10 × 3 s + 6.5 s = 36.5 s shows why the deadline, not the
 * attempt count, is the bound. A test recomputes these figures.
 */
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
