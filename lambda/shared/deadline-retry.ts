import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

// The functions' retry strategy for AWS calls, bounded by the invocation's deadline (docs/performance.md#retries-inside-the-invocation).

/** The bounds of one client's retries. */
export interface RetryPolicy {
  /** Attempts of one call at most, the first included. */
  readonly maxAttempts: number;
  /** The first backoff's cap after a throttling error; it doubles per retry up to `maxDelayMs`. */
  readonly throttlingBaseDelayMs: number;
  /** The same after a transient error (a reset, a timeout, a 5xx). */
  readonly transientBaseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest one attempt can take: the connection timeout plus the request timeout. */
  readonly attemptTimeoutMs: number;
}

/** The call could not start: even one attempt, at its timeouts, would end past the invocation's deadline. */
export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReachedError';
}

/** The longest backoff before retry number `retry + 1` (0-based `retry`): the cap full jitter draws under. */
export const backoffCapMs = (policy: RetryPolicy, retry: number, throttling: boolean): number =>
  Math.min(
    (throttling ? policy.throttlingBaseDelayMs : policy.transientBaseDelayMs) * 2 ** retry,
    policy.maxDelayMs,
  );

export interface RetryClock {
  readonly now: () => number;
  /** In [0, 1): the jitter. */
  readonly random: () => number;
}

const token = (retries: number, delayMs: number): RetryToken => ({
  getRetryCount: () => retries,
  // The SDK's retry middleware waits this long before the next attempt.
  getRetryDelay: () => delayMs,
});

const noRetry = (why: string): Error => new Error(`no retry: ${why}`);

/**
 * A strategy for one client. `deadline` is read on every attempt: epoch
 * milliseconds by which the call must be over, or undefined for no deadline
 * (then `maxAttempts` alone bounds it).
 */
export const createDeadlineRetryStrategy = (
  policy: RetryPolicy,
  deadline: () => number | undefined,
  clock: RetryClock = { now: Date.now, random: Math.random },
): RetryStrategyV2 => ({
  async acquireInitialRetryToken() {
    const end = deadline();
    if (end !== undefined && clock.now() + policy.attemptTimeoutMs > end) {
      throw new DeadlineReachedError(
        `${Math.max(0, end - clock.now())} ms are left before the invocation's deadline, ` +
          `less than one attempt may take (${policy.attemptTimeoutMs} ms)`,
      );
    }
    return token(0, 0);
  },
  // Whatever this throws, the SDK throws the call's own last error instead: the cause stays visible.
  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo) {
    const retries = previous.getRetryCount();
    if (info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT') throw noRetry(info.errorType);
    if (retries + 1 >= policy.maxAttempts) throw noRetry(`${policy.maxAttempts} attempts made`);
    const cap = backoffCapMs(policy, retries, info.errorType === 'THROTTLING');
    const delayMs = Math.floor(clock.random() * cap);
    const end = deadline();
    if (end !== undefined && clock.now() + delayMs + policy.attemptTimeoutMs > end)
      throw noRetry('the next attempt could end past the deadline');
    return token(retries + 1, delayMs);
  },
  recordSuccess() {},
});

/** The deadline of the invocation under way, in its execution environment: one invocation at a time. */
export interface InvocationDeadline {
  readonly get: () => number | undefined;
  /** Called as an invocation starts, with Lambda's `context.getRemainingTimeInMillis()`. */
  start(remainingMs: number): void;
}

/** Time kept after the last AWS call for the log line and the answer. */
export const DEADLINE_MARGIN_MS = 500;

export const createInvocationDeadline = (now: () => number = Date.now): InvocationDeadline => {
  let deadline: number | undefined;
  return {
    get: () => deadline,
    start(remainingMs) {
      deadline = now() + remainingMs - DEADLINE_MARGIN_MS;
    },
  };
};
