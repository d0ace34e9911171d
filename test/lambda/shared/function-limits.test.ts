import { describe, expect, it } from 'vitest';
import {
  FUNCTION_TIMEOUT_SECONDS,
  STATUS_CAPACITY_INPUTS,
  STATUS_DEFAULT_RESERVED_CONCURRENCY,
} from '../../../lambda/shared/function-limits.ts';

describe('the status function reserved concurrency', () => {
  it('is the documented arithmetic: the tighter write limit × the fastest invocation', () => {
    const inputs = STATUS_CAPACITY_INPUTS;
    const tableRate = inputs.newTableWriteUnitsPerSecond / inputs.writeUnitsPerStatusChange;
    const organizationRate =
      inputs.organizationPartitionWriteUnitsPerSecond / inputs.organizationPartitionWriteUnitsPerStatusChange;

    expect(Math.floor(tableRate)).toBe(571);
    expect(organizationRate).toBe(500);
    expect(Math.floor(Math.min(tableRate, organizationRate) * inputs.fastestInvocationSeconds)).toBe(
      STATUS_DEFAULT_RESERVED_CONCURRENCY,
    );
    // Even at the fastest latency, that many invocations stay within the tighter limit.
    expect(STATUS_DEFAULT_RESERVED_CONCURRENCY / inputs.fastestInvocationSeconds).toBeLessThanOrEqual(
      organizationRate,
    );
  });

  it('keeps the timeout the functions are sized under', () => {
    expect(FUNCTION_TIMEOUT_SECONDS).toBe(12);
  });
});
