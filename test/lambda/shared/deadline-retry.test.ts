import type { RetryErrorType, RetryStrategyV2 } from '@smithy/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_TIMEOUTS, DEADLINE_RETRY_POLICY } from '../../../lambda/shared/client-settings.ts';
import {
  backoffCapMs,
  createDeadlineRetryStrategy,
  createInvocationDeadline,
  DEADLINE_MARGIN_MS,
  DeadlineReachedError,
} from '../../../lambda/shared/deadline-retry.ts';
import { FUNCTION_TIMEOUT_SECONDS } from '../../../lambda/shared/function-limits.ts';

const TIMEOUT_MS = FUNCTION_TIMEOUT_SECONDS * 1_000;

/** One attempt as the SDK would see it: how long it took, and how it ended. */
interface Attempt {
  readonly ms: number;
  readonly outcome: 'ok' | RetryErrorType;
}

/**
 * The SDK's retry middleware over a simulated clock: acquire a token, attempt,
 * and on an error ask the strategy for the next token and wait its delay.
 */
const runCall = async (
  strategy: RetryStrategyV2,
  clock: { now: number },
  attempt: (index: number) => Attempt,
): Promise<{ ok: boolean; attempts: number }> => {
  let token: Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;
  try {
    token = await strategy.acquireInitialRetryToken('');
  } catch {
    return { ok: false, attempts: 0 };
  }
  for (let index = 0; ; index++) {
    const { ms, outcome } = attempt(index);
    clock.now += ms;
    if (outcome === 'ok') return { ok: true, attempts: index + 1 };
    try {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType: outcome });
    } catch {
      return { ok: false, attempts: index + 1 };
    }
    clock.now += token.getRetryDelay();
  }
};

/** The handler's wiring on a simulated clock: one deadline per invocation, started from the time left. */
const invocation = (random: () => number) => {
  const clock = { now: 0 };
  const deadline = createInvocationDeadline(() => clock.now);
  deadline.start(TIMEOUT_MS);
  const strategy = createDeadlineRetryStrategy(DEADLINE_RETRY_POLICY, deadline.get, {
    now: () => clock.now,
    random,
  });
  return { clock, strategy };
};

const ALMOST_ONE = 1 - Number.EPSILON;
const ATTEMPT_MS = CLIENT_TIMEOUTS.connectionTimeoutMs + CLIENT_TIMEOUTS.requestTimeoutMs;

describe('the deadline retry policy', () => {
  it('backs off exponentially under the documented caps', () => {
    // Prepare
    const caps = (throttling: boolean) =>
      Array.from({ length: 9 }, (_, retry) => backoffCapMs(DEADLINE_RETRY_POLICY, retry, throttling));

    // Act and assess
    expect(caps(true)).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(caps(false)).toEqual([25, 50, 100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(caps(true).reduce((sum, cap) => sum + cap, 0)).toBe(6_500);
    expect(DEADLINE_RETRY_POLICY.attemptTimeoutMs).toBe(3_000);
  });

  it('gives attempts that run to their timeouts three tries, ending by 9.1 s, under the 12 s timeout', async () => {
    // Prepare
    const { clock, strategy } = invocation(() => ALMOST_ONE);

    // Act
    const call = await runCall(strategy, clock, () => ({ ms: ATTEMPT_MS, outcome: 'TRANSIENT' }));

    // Assess
    expect(call).toEqual({ ok: false, attempts: 3 });
    // 3 × 3 s + 25 ms + 50 ms of backoff (less the jitter's last millisecond each).
    expect(clock.now).toBe(3 * ATTEMPT_MS + 24 + 49);
    expect(clock.now).toBeLessThan(TIMEOUT_MS);
  });

  it('gives fast throttling answers all ten attempts and up to 6.5 s of backoff', async () => {
    // Prepare
    const { clock, strategy } = invocation(() => ALMOST_ONE);

    // Act
    const call = await runCall(strategy, clock, () => ({ ms: 5, outcome: 'THROTTLING' }));

    // Assess
    expect(call).toEqual({ ok: false, attempts: 10 });
    expect(clock.now).toBe(10 * 5 + (6_500 - 9));
  });

  it('retries neither a client error nor past the attempt limit', async () => {
    // Prepare
    const { clock, strategy } = invocation(() => 0.5);

    // Act and assess
    expect(await runCall(strategy, clock, () => ({ ms: 5, outcome: 'CLIENT_ERROR' }))).toEqual({
      ok: false,
      attempts: 1,
    });
    expect(
      await runCall(strategy, clock, (index) => ({ ms: 5, outcome: index < 9 ? 'THROTTLING' : 'ok' })),
    ).toEqual({
      ok: true,
      attempts: 10,
    });
  });

  it('refuses to start a call that could not end by the deadline', async () => {
    // Prepare
    const { clock, strategy } = invocation(() => 0.5);
    clock.now = TIMEOUT_MS - DEADLINE_MARGIN_MS - ATTEMPT_MS + 1;

    // Act and assess
    await expect(strategy.acquireInitialRetryToken('')).rejects.toBeInstanceOf(DeadlineReachedError);
  });

  it('without a deadline, is bounded by the attempt count alone', async () => {
    // Prepare
    const clock = { now: 0 };
    const strategy = createDeadlineRetryStrategy(DEADLINE_RETRY_POLICY, () => undefined, {
      now: () => clock.now,
      random: () => 0,
    });

    // Act and assess
    expect(await runCall(strategy, clock, () => ({ ms: ATTEMPT_MS, outcome: 'TRANSIENT' }))).toEqual({
      ok: false,
      attempts: 10,
    });
  });

  it('ends every invocation of up to three calls before the timeout, whatever its attempts take (fast-check)', async () => {
    const attemptArb = fc.record({
      ms: fc.integer({ min: 0, max: ATTEMPT_MS }),
      outcome: fc.constantFrom<Attempt['outcome']>('ok', 'THROTTLING', 'TRANSIENT', 'SERVER_ERROR'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(attemptArb, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: ALMOST_ONE, noNaN: true }), { minLength: 1, maxLength: 40 }),
        async (calls, jitters) => {
          let draw = 0;
          const { clock, strategy } = invocation(() => jitters[draw++ % jitters.length] ?? 0);
          for (const attempts of calls) {
            // An attempt past the scripted ones is answered at its timeouts: the worst case.
            const result = await runCall(
              strategy,
              clock,
              (index) => attempts[index] ?? { ms: ATTEMPT_MS, outcome: 'TRANSIENT' },
            );
            // As in the store: a failed call ends the event; the handler logs it and throws.
            if (!result.ok) break;
          }
          expect(clock.now).toBeLessThanOrEqual(TIMEOUT_MS - DEADLINE_MARGIN_MS);
        },
      ),
      { numRuns: 500 },
    );
  });
});
