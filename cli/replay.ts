import { type EventPattern, matchesEventPattern } from '../infra/event-pattern.ts';
import { describeIssue } from '../lambda/shared/event-schema.ts';
import { stringAt } from '../lambda/shared/value-path.ts';
import { type Outcome, type ProcessDependencies, processEvent } from '../lambda/status/process-event.ts';
import type { InputEntry } from './read-events.ts';

export type ReplayOutcome = Outcome | 'ignored' | 'unreadable';

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
  /** Called after each event, for progress. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs events as the deployed pipeline would: the rule's pattern first (an
 * event it does not match is `ignored`), then the very code path of the Lambda.
 * Events run one after another, so outcomes follow the input's order.
 */
export const replay = async (
  entries: readonly InputEntry[],
  options: ReplayOptions,
): Promise<ReplayLine[]> => {
  const lines: ReplayLine[] = [];
  for (const entry of entries) {
    if ('error' in entry) {
      lines.push({ line: entry.line, outcome: 'unreadable', reasons: [entry.error] });
    } else if (!matchesEventPattern(options.pattern, entry.event)) {
      const eventId = stringAt(entry.event, 'detail', 'id');
      const detailType = stringAt(entry.event, 'detail-type');
      lines.push({
        line: entry.line,
        ...(eventId !== undefined && { eventId }),
        outcome: 'ignored',
        reasons: [
          `not matched by the rule (detail-type ${detailType === undefined ? 'missing' : `"${detailType}"`})`,
        ],
      });
    } else {
      const result = await processEvent(entry.event, options);
      lines.push({
        line: entry.line,
        ...(result.eventId !== undefined && { eventId: result.eventId }),
        ...(result.recipeUid !== undefined && { recipeUid: result.recipeUid }),
        outcome: result.outcome,
        ...(result.issues !== undefined && {
          reasons: result.issues.map(describeIssue),
        }),
      });
    }
    options.onProgress?.(lines.length, entries.length);
  }
  return lines;
};
