/**
 * The limits the stack sets on the functions, kept beside the runtime code that
 * must live within them: the retry deadline is sized under the timeout, and the
 * storm test runs at the reserved concurrency. The stack imports these numbers.
 */

/** Both functions' timeout. Every AWS call's retries end before it (see deadline-retry.ts). */
export const FUNCTION_TIMEOUT_SECONDS = 12;

/**
 * The status function's default reserved concurrency: the most invocations at
 * once, so a bulk provisioning queues in Lambda's asynchronous queue (which
 * retries throttled invocations for up to the event's maximum age without
 * using retry attempts) instead of throttling DynamoDB into retries and the
 * failure queue.
 *
 * Sized from what a new on-demand table takes:
 * - the table starts at about 4,000 write units/s; a status change costs 7
 *   (history put 1; current put 1, byDevice 1, and 2 each for byOrganizationStatus
 *   and byStatusCompany, whose sort key changes: a delete and a put), so
 *   4,000 / 7 ≈ 571 events/s;
 * - one index partition takes 1,000 write units/s, and an event that keeps its
 *   status writes 2 into its status partition: 1,000 / 2 = 500 events/s.
 *   A bulk provisioning is one company's, so this is the limit.
 * - Concurrency ≈ rate × latency per invocation (20–50 ms): 500 × 0.020 = 10
 *   up to 500 × 0.050 = 25.
 * The low end is the default: at any latency in that range ten invocations
 * cannot outrun 500 events/s (500/s at 20 ms, 200/s at 50 ms), so a storm of
 * 20,000 events drains in 40–100 s with next to no throttling. Raise it when
 * the table has grown (on-demand capacity follows the previous peak) or when
 * a storm spreads over many organizations (up to 571 × 0.050 ≈ 28).
 */
export const STATUS_DEFAULT_RESERVED_CONCURRENCY = 10;

/** The figures the sizing above starts from, for a test to recompute it. */
export const STATUS_CAPACITY_INPUTS = {
  newTableWriteUnitsPerSecond: 4_000,
  writeUnitsPerStatusChange: 7,
  organizationPartitionWriteUnitsPerSecond: 1_000,
  organizationPartitionWriteUnitsPerStatusChange: 2,
  fastestInvocationSeconds: 0.02,
  slowestInvocationSeconds: 0.05,
} as const;
