import {
  type EventPattern,
  matchesEventPattern,
  unmatchedReason,
} from '../../lambda/contract/event-pattern.ts';
import { describeIssue } from '../../lambda/contract/event-schema.ts';
import type { EventResult, Outcome } from '../../lambda/status/process-event.ts';
import { errorText } from '../toolkit/cli-error.ts';

// The one step every operator path takes with an event: the rule's pattern, then the status function's code path.

export interface Route {
  /** The rule's pattern: an event it does not match is `ignored`, as the bus would drop it. */
  readonly pattern: EventPattern;
  /** The status function's code path (and whatever must succeed with it, such as a queue delete). */
  readonly handle: (event: unknown) => Promise<EventResult>;
}

export type RoutedEvent =
  | { readonly outcome: 'ignored'; readonly reasons: readonly [string] }
  | { readonly outcome: 'failed'; readonly reasons: readonly [string]; readonly error: unknown }
  | { readonly outcome: Outcome; readonly result: EventResult; readonly reasons?: string[] };

/** Routes one event; a failure of `handle` is this event's `failed`, not the caller's exception. */
export const routeEvent = async (event: unknown, route: Route): Promise<RoutedEvent> => {
  if (!matchesEventPattern(route.pattern, event))
    return { outcome: 'ignored', reasons: [unmatchedReason(route.pattern, event)] };
  try {
    const result = await route.handle(event);
    return {
      outcome: result.outcome,
      result,
      ...(result.issues !== undefined && { reasons: result.issues.map(describeIssue) }),
    };
  } catch (error) {
    return { outcome: 'failed', reasons: [errorText(error)], error };
  }
};
