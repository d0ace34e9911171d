import { describe, expect, it } from 'vitest';
import { replay } from '../../../cli/pipelines/replay.ts';
import { recipeStatusEventPattern } from '../../../lambda/contract/event-pattern.ts';
import { noCapacity } from '../../../lambda/store/status-store.ts';
import { recipeEvent, uuidV7 } from '../../support/events.ts';

// An interrupted replay finishes what runs, reports what it did and the first line to resume from.

const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const entries = [1, 2, 3, 4].map((line) => ({
  line: line * 2,
  event: recipeEvent({ id: uuidV7(T0 + line, Buffer.alloc(10, line)), recipeUid: `r${line}` }),
}));

describe('replay, interrupted', () => {
  it.each([1, 3])(
    'with concurrency %i, stops starting events and names the first line not run',
    async (concurrency) => {
      // Prepare: the signal comes while the second event runs.
      const controller = new AbortController();
      let handled = 0;
      const handle = async () => {
        handled += 1;
        if (handled === 2) controller.abort();
        return {
          outcome: 'applied' as const,
          eventId: undefined,
          recipeUid: undefined,
          capacity: noCapacity(),
        };
      };

      // Act
      const report = await replay(entries, {
        pattern: recipeStatusEventPattern(),
        handle,
        concurrency,
        signal: controller.signal,
      });

      // Assess
      expect(report.lines.length).toBeGreaterThanOrEqual(2);
      expect(report.lines.length + report.notRun).toBe(4);
      expect(report.notRun).toBeGreaterThan(0);
      const run = new Set(report.lines.map((line) => line.line));
      expect(report.resumeLine).toBe(entries.find((entry) => !run.has(entry.line))?.line);
    },
  );

  it('run to its end has no resume line', async () => {
    // Act
    const report = await replay(entries, {
      pattern: recipeStatusEventPattern(),
      handle: async () => ({
        outcome: 'applied',
        eventId: undefined,
        recipeUid: undefined,
        capacity: noCapacity(),
      }),
    });

    // Assess
    expect(report).toMatchObject({ notRun: 0 });
    expect(report.resumeLine).toBeUndefined();
  });
});
