import { stringAt } from '../contract/value-path.ts';
import { embeddedMetricLine } from '../shared/embedded-metrics.ts';
import type { InvocationLog } from '../shared/invocation.ts';
import { OUTCOME_METRICS, STATUS_SIGNAL_METRICS } from '../shared/metric-names.ts';
import type { EventResult, Outcome } from './process-event.ts';

// Every outcome has its metric: the stack alarms on them by name.
const METRIC_OF: Record<Outcome, string> = OUTCOME_METRICS;

const metricsOf = (result: EventResult): string[] => [
  METRIC_OF[result.outcome],
  // A producer time beyond what could have happened: the id's, or the envelope's.
  ...(result.idTimeDistrusted === true || result.eventTimeDistrusted === true
    ? [STATUS_SIGNAL_METRICS.futureDated]
    : []),
  ...(result.refusedByStore === true ? [STATUS_SIGNAL_METRICS.refusedByStore] : []),
];

/**
 * The status handler's one line per event. The raw event is never logged: a
 * rejected one is stored, and the line carries its key.
 */
export const outcomeLogLine = (
  result: EventResult,
  functionName: string,
  at: Date,
  invocation: InvocationLog,
): string =>
  embeddedMetricLine(metricsOf(result), functionName, at, invocation, {
    level: result.outcome === 'rejected' ? 'WARN' : 'INFO',
    message: `recipe status event ${result.outcome}`,
    outcome: result.outcome,
    eventId: result.eventId,
    recipeUid: result.recipeUid,
    ...(result.issues !== undefined && { issues: result.issues }),
    ...(result.rejectedKey !== undefined && { rejectedKey: result.rejectedKey }),
    ...(result.refusedByStore === true && { refusedByStore: true }),
    ...(result.idTimeDistrusted === true && { idTimeDistrusted: true, orderedBy: 'eventTime' }),
    // A distrusted envelope time bounds the id's too: the first arrival orders the event.
    ...(result.eventTimeDistrusted === true && { eventTimeDistrusted: true, orderedBy: 'recordedAt' }),
    writeUnits: result.capacity.tableWriteUnits,
    indexWriteUnits: result.capacity.indexWriteUnits,
    readUnits: result.capacity.readUnits,
  });

/** The line for an event the store failed on: which event, and the error, before Lambda retries it. */
export const failureLogLine = (event: unknown, error: unknown, at: Date, invocation: InvocationLog): string =>
  JSON.stringify({
    timestamp: at.toISOString(),
    level: 'ERROR',
    message: 'recipe status event failed; Lambda will retry it',
    requestId: invocation.requestId,
    coldStart: invocation.coldStart,
    eventId: stringAt(event, 'detail', 'id')?.slice(0, 256),
    recipeUid: stringAt(event, 'detail', 'payload', 'uid')?.slice(0, 256),
    errorName: error instanceof Error ? error.name : typeof error,
    errorMessage: (error instanceof Error ? error.message : String(error)).slice(0, 1_000),
  });
