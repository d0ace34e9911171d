/**
 * Published list prices (us-east-1, November 2026) the cost model uses, and
 * the assumptions it makes; both are printed with the results.
 */
export const PRICES = {
  lambdaRequestsPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  dynamoDbWriteRequestUnitsPerMillion: 0.625,
  dynamoDbReadRequestUnitsPerMillion: 0.125,
} as const;

/** Lambda gives a function one full vCPU at 1,769 MB and a share in proportion below. */
const FULL_VCPU_MB = 1_769;
/** An in-region DynamoDB call's round trip, an assumption: not measurable here. */
export const DYNAMODB_ROUND_TRIP_MS = 4;

export interface CostInputs {
  readonly cpuMicrosPerEvent: number;
  readonly dynamoDbCallsPerEvent: number;
  readonly writeUnitsPerEvent: number;
  readonly readUnitsPerEvent: number;
  readonly memoryMb: number;
}

/** Billed milliseconds of a warm event: CPU stretched by the memory's vCPU share, plus DynamoDB waits. */
export const modelledDurationMs = ({
  cpuMicrosPerEvent,
  dynamoDbCallsPerEvent,
  memoryMb,
}: CostInputs): number =>
  Math.ceil(
    (cpuMicrosPerEvent / 1000) * Math.max(1, FULL_VCPU_MB / memoryMb) +
      dynamoDbCallsPerEvent * DYNAMODB_ROUND_TRIP_MS,
  );

export const costPerMillionEvents = (inputs: CostInputs): number => {
  const durationSeconds = modelledDurationMs(inputs) / 1000;
  return (
    PRICES.lambdaRequestsPerMillion +
    1_000_000 * durationSeconds * (inputs.memoryMb / 1024) * PRICES.lambdaArmGbSecond +
    inputs.writeUnitsPerEvent * PRICES.dynamoDbWriteRequestUnitsPerMillion +
    inputs.readUnitsPerEvent * PRICES.dynamoDbReadRequestUnitsPerMillion
  );
};
