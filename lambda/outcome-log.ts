import { embeddedMetricLine } from './embedded-metrics.ts';
import type { EventResult, Outcome } from './process-event.ts';
import { stringAt } from './records.ts';

export { METRIC_NAMESPACE } from './embedded-metrics.ts';

/** The metric each outcome counts, one per outcome so each can be alarmed on alone. */
export const OUTCOME_METRICS = {
  applied: 'EventsApplied',
  stale: 'EventsStale',
  duplicate: 'EventsDuplicate',
  rejected: 'EventsRejected',
} as const satisfies Record<Outcome, string>;

/**
 * The status handler's one line per event. The raw event is never logged: a
 * rejected one is stored, and the line carries its key.
 */
export const outcomeLogLine = (result: EventResult, functionName: string, at: Date): string =>
  embeddedMetricLine(OUTCOME_METRICS[result.outcome], functionName, at, {
    level: result.outcome === 'rejected' ? 'WARN' : 'INFO',
    message: `recipe status event ${result.outcome}`,
    outcome: result.outcome,
    eventId: result.eventId,
    recipeUid: result.recipeUid,
    ...(result.issues !== undefined && { issues: result.issues }),
    ...(result.rejectedKey !== undefined && { rejectedKey: result.rejectedKey }),
    writeUnits: result.capacity.tableWriteUnits,
    indexWriteUnits: result.capacity.indexWriteUnits,
    readUnits: result.capacity.readUnits,
  });

/** The line for an event the store failed on: which event, and the error, before Lambda retries it. */
export const failureLogLine = (event: unknown, error: unknown, at: Date): string =>
  JSON.stringify({
    timestamp: at.toISOString(),
    level: 'ERROR',
    message: 'recipe status event failed; Lambda will retry it',
    eventId: stringAt(event, 'detail', 'id')?.slice(0, 256),
    recipeUid: stringAt(event, 'detail', 'payload', 'uid')?.slice(0, 256),
    errorName: error instanceof Error ? error.name : typeof error,
    errorMessage: (error instanceof Error ? error.message : String(error)).slice(0, 1_000),
  });
