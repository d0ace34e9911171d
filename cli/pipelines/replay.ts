import { readEnvelopeTime } from '../../lambda/contract/event-time.ts';
import { stringAt } from '../../lambda/contract/value-path.ts';
import type { EventResult, Outcome } from '../../lambda/status/process-event.ts';
import type { InputEntry } from './read-events.ts';
import { type Route, routeEvent } from './route-event.ts';

/** `failed`: the store failed on this event (the reason says how); nothing of it may have been written. */
export type ReplayOutcome = Outcome | 'ignored' | 'unreadable' | 'failed';

/** One input event's fate, as `replay --json` prints it. */
export interface ReplayLine {
  readonly line: number;
  readonly eventId?: string;
  readonly recipeUid?: string;
  readonly outcome: ReplayOutcome;
  readonly reasons?: string[];
}

export interface ReplayOptions extends Omit<Route, 'handle'> {
  /** The status path, told when each archived event first reached the component. */
  readonly handle: (event: unknown, arrivedAt?: Date) => Promise<EventResult>;
  /** Events run at once (default 1); events of one recipe never run at the same time. */
  readonly concurrency?: number;
  /** Stop at the first failed event: nothing more is started, what runs finishes. */
  readonly stopOnError?: boolean;
  /** Stops the run: nothing more is started, what runs finishes, the rest is `notRun`. */
  readonly signal?: AbortSignal;
  /** Called after each event, for progress. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ReplayReport {
  /** Every event that ran, in input order. */
  readonly lines: ReplayLine[];
  /** Events not run because the run stopped at a failure or was interrupted. */
  readonly notRun: number;
  /** The first input line not run: where a run stopped early resumes (a line run twice is a `duplicate`). */
  readonly resumeLine?: number;
}

const ids = (event: unknown) => {
  const eventId = stringAt(event, 'detail', 'id');
  const recipeUid = stringAt(event, 'detail', 'payload', 'uid');
  return { ...(eventId !== undefined && { eventId }), ...(recipeUid !== undefined && { recipeUid }) };
};

/** An archived event first arrived at its envelope's own time (trusted: see docs/contract.md). */
const archivedArrival = (event: unknown): Date | undefined => {
  const time = stringAt(event, 'time');
  const read = time === undefined ? undefined : readEnvelopeTime(time);
  return read?.valid === true ? new Date(read.millis) : undefined;
};

/** One input event as the deployed pipeline would take it; a store failure is this line's `failed`. */
const replayOne = async (entry: InputEntry, options: ReplayOptions): Promise<ReplayLine> => {
  if ('error' in entry) return { line: entry.line, outcome: 'unreadable', reasons: [entry.error] };
  const routed = await routeEvent(entry.event, {
    pattern: options.pattern,
    handle: (event) => options.handle(event, archivedArrival(event)),
  });
  const reasons = routed.reasons === undefined ? {} : { reasons: [...routed.reasons] };
  if (routed.outcome === 'ignored') {
    const eventId = stringAt(entry.event, 'detail', 'id');
    return { line: entry.line, ...(eventId !== undefined && { eventId }), outcome: 'ignored', ...reasons };
  }
  if (routed.outcome === 'failed')
    return { line: entry.line, ...ids(entry.event), outcome: 'failed', ...reasons };
  const { eventId, recipeUid } = routed.result;
  return {
    line: entry.line,
    ...(eventId !== undefined && { eventId }),
    ...(recipeUid !== undefined && { recipeUid }),
    outcome: routed.outcome,
    ...reasons,
  };
};

/**
 * The queues that may run side by side: one per recipe, in input order
 * within it; an event with no readable recipe uid (or no event at all) is a
 * queue of its own. With one at a time the input order is kept as it is.
 */
const queues = (entries: readonly InputEntry[], concurrency: number): number[][] => {
  if (concurrency <= 1) return [entries.map((_, index) => index)];
  const byRecipe = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    const uid = 'error' in entry ? undefined : stringAt(entry.event, 'detail', 'payload', 'uid');
    const key = uid === undefined ? `#${index}` : `recipe:${uid}`;
    const queue = byRecipe.get(key);
    if (queue === undefined) byRecipe.set(key, [index]);
    else queue.push(index);
  });
  return [...byRecipe.values()];
};

export const replay = async (
  entries: readonly InputEntry[],
  options: ReplayOptions,
): Promise<ReplayReport> => {
  const results: (ReplayLine | undefined)[] = entries.map(() => undefined);
  const pending = queues(entries, options.concurrency ?? 1);
  let done = 0;
  let stopped = false;
  const worker = async () => {
    for (let queue = pending.shift(); queue !== undefined && !stopped; queue = pending.shift()) {
      for (const index of queue) {
        const entry = entries[index];
        if (stopped || options.signal?.aborted === true || entry === undefined) break;
        const line = await replayOne(entry, options);
        results[index] = line;
        done += 1;
        if (line.outcome === 'failed' && options.stopOnError === true) stopped = true;
        options.onProgress?.(done, entries.length);
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, pending.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const lines = results.filter((line) => line !== undefined);
  const resumeLine = entries.find((_, index) => results[index] === undefined)?.line;
  return { lines, notRun: entries.length - lines.length, ...(resumeLine !== undefined && { resumeLine }) };
};

/** 1 when an event failed or a line could not be read; a rejected event is an outcome, not a failure. */
export const replayExitCode = (report: ReplayReport): number =>
  report.lines.some((line) => line.outcome === 'failed' || line.outcome === 'unreadable') ? 1 : 0;
