import type { EventResult, Outcome } from './process-event.ts';

export const METRIC_NAMESPACE = 'RecipeStatus';

/** The metric each outcome counts, one per outcome so each can be alarmed on alone. */
export const OUTCOME_METRICS = {
  applied: 'EventsApplied',
  stale: 'EventsStale',
  duplicate: 'EventsDuplicate',
  rejected: 'EventsRejected',
} as const satisfies Record<Outcome, string>;

/**
 * One JSON line per event that is both the structured log and a CloudWatch
 * embedded-metric document, so a metric costs no extra line or API call.
 * The raw event is never logged: a rejected one is stored, and the line
 * carries its key.
 */
export const outcomeLogLine = (result: EventResult, functionName: string, at: Date): string => {
  const metric = OUTCOME_METRICS[result.outcome];
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: [{ Name: metric, Unit: 'Count' }],
        },
      ],
    },
    FunctionName: functionName,
    [metric]: 1,
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
};
