import {
  type EventPattern,
  matchesEventPattern,
  unmatchedReason,
} from '../../lambda/shared/event-pattern.ts';
import { describeIssue } from '../../lambda/shared/event-schema.ts';
import { stringAt } from '../../lambda/shared/value-path.ts';
import { type Outcome, type ProcessDependencies, processEvent } from '../../lambda/status/process-event.ts';
import { errorText } from '../toolkit/cli-error.ts';
import type { InputEntry } from './read-events.ts';

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

export interface ReplayOptions extends ProcessDependencies {
  readonly pattern: EventPattern;
  /** Events run at once (default 1); events of one recipe never run at the same time. */
  readonly concurrency?: number;
  /** Stop at the first failed event: nothing more is started, what runs finishes. */
  readonly stopOnError?: boolean;
  /** Called after each event, for progress. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ReplayReport {
  /** Every event that ran, in input order. */
  readonly lines: ReplayLine[];
  /** Events not run because the run stopped at a failure. */
  readonly notRun: number;
}

const ids = (event: unknown) => {
  const eventId = stringAt(event, 'detail', 'id');
  const recipeUid = stringAt(event, 'detail', 'payload', 'uid');
  return { ...(eventId !== undefined && { eventId }), ...(recipeUid !== undefined && { recipeUid }) };
};

/**
 * One event as the deployed pipeline would take it: the rule's pattern first
 * (an event it does not match is `ignored`), then the very code path of the
 * Lambda. A store failure is this line's `failed`, not the run's end.
 */
const replayOne = async (entry: InputEntry, options: ReplayOptions): Promise<ReplayLine> => {
  if ('error' in entry) return { line: entry.line, outcome: 'unreadable', reasons: [entry.error] };
  if (!matchesEventPattern(options.pattern, entry.event)) {
    const eventId = stringAt(entry.event, 'detail', 'id');
    return {
      line: entry.line,
      ...(eventId !== undefined && { eventId }),
      outcome: 'ignored',
      reasons: [unmatchedReason(options.pattern, entry.event)],
    };
  }
  try {
    const result = await processEvent(entry.event, options);
    return {
      line: entry.line,
      ...(result.eventId !== undefined && { eventId: result.eventId }),
      ...(result.recipeUid !== undefined && { recipeUid: result.recipeUid }),
      outcome: result.outcome,
      ...(result.issues !== undefined && { reasons: result.issues.map(describeIssue) }),
    };
  } catch (error) {
    return { line: entry.line, ...ids(entry.event), outcome: 'failed', reasons: [errorText(error)] };
  }
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
        if (stopped || entry === undefined) break;
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
  return { lines, notRun: entries.length - lines.length };
};
