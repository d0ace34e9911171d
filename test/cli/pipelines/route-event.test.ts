import { describe, expect, it } from 'vitest';
import { routeEvent } from '../../../cli/pipelines/route-event.ts';
import { recipeStatusEventPattern } from '../../../lambda/contract/event-pattern.ts';
import type { EventResult } from '../../../lambda/status/process-event.ts';
import { noCapacity } from '../../../lambda/store/status-store.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';

const pattern = recipeStatusEventPattern();
const event = recipeEvent({ id: uuidV7(Date.parse('2026-11-26T09:00:00.000Z'), Buffer.alloc(10, 7)) });

/** A handler that records what it was given and answers with `result`, or fails with `error`. */
const fakeHandler = (answer: { readonly result?: EventResult; readonly error?: Error }) => {
  const seen: unknown[] = [];
  const handle = async (routed: unknown): Promise<EventResult> => {
    seen.push(routed);
    if (answer.error !== undefined) throw answer.error;
    if (answer.result === undefined) throw new Error('the fake handler was given no answer');
    return answer.result;
  };
  return { handle, seen };
};

describe('routeEvent', () => {
  it('does not hand an event the rule does not match to the handler, and says which field differs', async () => {
    // Prepare
    const handler = fakeHandler({ error: new Error('must not run') });
    const other = { ...event, source: 'somebody-else' };

    // Act
    const routed = await routeEvent(other, { pattern, handle: handler.handle });

    // Assess
    expect(routed).toEqual({
      outcome: 'ignored',
      reasons: ['not matched by the rule (source "somebody-else")'],
    });
    expect(handler.seen).toEqual([]);
  });

  it("hands a matched event to the handler and turns a rejection's issues into reasons", async () => {
    // Prepare
    const result: EventResult = {
      outcome: 'rejected',
      eventId: 'e-1',
      recipeUid: 'r-1',
      issues: [
        { field: 'detail.payload.status', message: 'Invalid option' },
        { field: 'detail.id', message: 'Invalid UUID' },
      ],
      capacity: noCapacity(),
    };
    const handler = fakeHandler({ result });

    // Act
    const routed = await routeEvent(event, { pattern, handle: handler.handle });

    // Assess
    expect(routed).toEqual({
      outcome: 'rejected',
      result,
      reasons: ['detail.payload.status: Invalid option', 'detail.id: Invalid UUID'],
    });
    expect(handler.seen).toEqual([event]);
  });

  it('gives an applied event no reasons', async () => {
    const result: EventResult = {
      outcome: 'applied',
      eventId: 'e-2',
      recipeUid: 'r-2',
      capacity: noCapacity(),
    };
    const routed = await routeEvent(event, { pattern, handle: fakeHandler({ result }).handle });
    expect(routed).toEqual({ outcome: 'applied', result });
  });

  it("makes a failing handler this event's failed, keeping the error for a caller that must throw it", async () => {
    // Prepare
    const error = new Error('Rate exceeded');
    error.name = 'ProvisionedThroughputExceededException';

    // Act
    const routed = await routeEvent(event, { pattern, handle: fakeHandler({ error }).handle });

    // Assess
    expect(routed).toEqual({
      outcome: 'failed',
      reasons: ['ProvisionedThroughputExceededException: Rate exceeded'],
      error,
    });
  });
});
