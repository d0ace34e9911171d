import type { Fn } from './harness.ts';
import { costPerMillionEvents, modelledDurationMs } from './prices.ts';
import type { WriteRequests } from './write-requests.ts';

/**
 * Phase 6, cost: the list-price model of test/bench/prices.ts fed with what
 * the other phases measured, for a new event. Our billed write units come from
 * ReturnConsumedCapacity, table and indexes: the indexes answer the device and
 * organization questions, which the peer's table has none of and cannot.
 */

export const MEMORY_SIZES = [128, 256, 512] as const;
export type MemorySize = (typeof MEMORY_SIZES)[number];
/** The memory the stack gives the function: the headline figure. */
export const HEADLINE_MEMORY_MB: MemorySize = 256;

export interface CostResult {
  /** USD per million events, by function, at each memory size. */
  readonly perMillionEvents: Record<MemorySize, Record<Fn, number>>;
  /** Our modelled billed milliseconds per event, at each memory size. */
  readonly oursBilledMs: Record<MemorySize, number>;
}

export interface CostMeasurements {
  readonly cpuMicrosPerEvent: Record<Fn, number>;
  readonly requests: WriteRequests;
}

export const modelCost = ({ cpuMicrosPerEvent, requests }: CostMeasurements): CostResult => {
  const calls = (fn: Fn) => requests[fn].new.writes + requests[fn].new.reads;
  const { capacity, events } = requests.ours.new.result;
  const billedWriteUnits: Record<Fn, number> = {
    ours: (capacity.tableWriteUnits + capacity.indexWriteUnits) / Math.max(1, events),
    peer: requests.peer.new.writes,
  };
  const cost = (fn: Fn, memoryMb: number) =>
    costPerMillionEvents({
      cpuMicrosPerEvent: cpuMicrosPerEvent[fn],
      dynamoDbCallsPerEvent: calls(fn),
      writeUnitsPerEvent: billedWriteUnits[fn],
      readUnitsPerEvent: requests[fn].new.reads,
      memoryMb,
    });
  const bySize = <T>(of: (memoryMb: MemorySize) => T) =>
    Object.fromEntries(MEMORY_SIZES.map((memoryMb) => [memoryMb, of(memoryMb)])) as Record<MemorySize, T>;
  return {
    perMillionEvents: bySize((memoryMb) => ({ ours: cost('ours', memoryMb), peer: cost('peer', memoryMb) })),
    oursBilledMs: bySize((memoryMb) =>
      modelledDurationMs({
        cpuMicrosPerEvent: cpuMicrosPerEvent.ours,
        dynamoDbCallsPerEvent: calls('ours'),
        writeUnitsPerEvent: 0,
        readUnitsPerEvent: 0,
        memoryMb,
      }),
    ),
  };
};
