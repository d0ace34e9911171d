import { randomUUID } from 'node:crypto';

/** The part of Lambda's context object the handlers read: a fresh request id and the time left. */
export const lambdaContext = (remainingMs = 12_000) => {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
};
