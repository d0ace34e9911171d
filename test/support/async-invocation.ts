/**
 * A model of Lambda's asynchronous invocation, as EventBridge invokes a
 * function, for the storm test:
 * - at most `concurrency` invocations run at once (the reserved concurrency),
 *   each in an execution environment that runs one invocation at a time;
 * - an event that finds no free environment is throttled: it waits and is
 *   tried again with exponential backoff, without using a retry attempt (Lambda
 *   keeps such events for up to their maximum age, 6 hours by default);
 * - an invocation that throws, or outlives the function timeout, is a function
 *   error: retried `retryAttempts` times (Lambda's default is 2), with a
 *   delay, then dead-lettered (the on-failure destination).
 * Lambda waits 1 s doubling up to 5 min after a throttle and about 1 then
 * 2 min before a retry; the model's delays are scaled down to keep the test
 * short, which only makes it harsher: retries come back sooner, into the storm.
 */
export interface AsyncInvocationOptions<E> {
  readonly concurrency: number;
  /** One invocation of `event` in environment number `environment` (0 to concurrency − 1). */
  readonly invoke: (event: E, environment: number) => Promise<void>;
  readonly retryAttempts: number;
  readonly timeoutMs: number;
  /** Wait before trying a throttled event again, by how often it was throttled (1, 2, …). */
  readonly throttledDelayMs: (throttles: number) => number;
  /** Wait before retry number `attempt` (1, 2, …) after a function error. */
  readonly retryDelayMs: (attempt: number) => number;
}

export interface DeadLetter<E> {
  readonly event: E;
  readonly attempts: number;
  readonly error: string;
}

export interface AsyncInvocationReport<E> {
  readonly events: number;
  readonly invocations: number;
  /** Times an event found no free environment. */
  readonly throttles: number;
  readonly functionErrors: number;
  readonly timeouts: number;
  readonly succeeded: number;
  readonly deadLetters: readonly DeadLetter<E>[];
  /** From the first event accepted to the last one settled. */
  readonly drainMs: number;
}

export interface AsyncInvoker<E> {
  /** Lambda's Invoke with InvocationType Event: accepted into the queue, run later. */
  invokeAsync(event: E): void;
  /** Resolves once every event accepted so far has succeeded or been dead-lettered. */
  drained(): Promise<AsyncInvocationReport<E>>;
}

interface Queued<E> {
  readonly event: E;
  throttles: number;
  attempts: number;
}

const TIMED_OUT = Symbol('timed out');

export const createAsyncInvoker = <E>(options: AsyncInvocationOptions<E>): AsyncInvoker<E> => {
  const free = Array.from({ length: options.concurrency }, (_, environment) => environment);
  const deadLetters: DeadLetter<E>[] = [];
  const tally = { events: 0, invocations: 0, throttles: 0, functionErrors: 0, timeouts: 0, succeeded: 0 };
  let unsettled = 0;
  let startedAt: number | undefined;
  let closed = false;
  let onDrained: (() => void) | undefined;

  const settle = () => {
    unsettled -= 1;
    if (closed && unsettled === 0) onDrained?.();
  };

  const run = async (item: Queued<E>, environment: number) => {
    tally.invocations += 1;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((done) => {
      timer = setTimeout(() => done(TIMED_OUT), options.timeoutMs);
    });
    const invocation = options.invoke(item.event, environment);
    let error: string | undefined;
    try {
      if ((await Promise.race([invocation, timeout])) === TIMED_OUT) {
        tally.timeouts += 1;
        error = `timed out after ${options.timeoutMs} ms`;
      }
    } catch (thrown) {
      error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    } finally {
      clearTimeout(timer);
    }
    // The environment is busy until its invocation has ended, even one past its timeout.
    await invocation.catch(() => undefined);
    free.push(environment);
    if (error === undefined) {
      tally.succeeded += 1;
      settle();
      return;
    }
    tally.functionErrors += 1;
    item.attempts += 1;
    if (item.attempts > options.retryAttempts) {
      deadLetters.push({ event: item.event, attempts: item.attempts, error });
      settle();
      return;
    }
    setTimeout(() => tryStart(item), options.retryDelayMs(item.attempts));
  };

  const tryStart = (item: Queued<E>) => {
    const environment = free.pop();
    if (environment === undefined) {
      tally.throttles += 1;
      item.throttles += 1;
      setTimeout(() => tryStart(item), options.throttledDelayMs(item.throttles));
      return;
    }
    void run(item, environment);
  };

  return {
    invokeAsync(event) {
      startedAt ??= performance.now();
      tally.events += 1;
      unsettled += 1;
      tryStart({ event, throttles: 0, attempts: 0 });
    },
    async drained() {
      closed = true;
      if (unsettled > 0) await new Promise<void>((done) => (onDrained = done));
      return {
        ...tally,
        deadLetters,
        drainMs: startedAt === undefined ? 0 : performance.now() - startedAt,
      };
    },
  };
};
