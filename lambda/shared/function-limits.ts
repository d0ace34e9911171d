// The limits the stack sets on the functions, beside the runtime code that must live within them.

/** Both functions' timeout. Every AWS call's retries end before it (see deadline-retry.ts). */
export const FUNCTION_TIMEOUT_SECONDS = 12;

/** The status function's default reserved concurrency: sized in docs/performance.md#the-status-functions-reserved-concurrency. */
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
