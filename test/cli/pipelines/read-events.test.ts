import { describe, expect, it } from 'vitest';
import { readEvents } from '../../../cli/pipelines/read-events.ts';

describe('readEvents', () => {
  it('reads a JSON array, numbering events from 1', () => {
    expect(readEvents('[{"a":1},{"a":2}]')).toEqual([
      { line: 1, event: { a: 1 } },
      { line: 2, event: { a: 2 } },
    ]);
  });

  it('reads one pretty-printed event', () => {
    expect(readEvents('{\n  "a": 1\n}\n')).toEqual([{ line: 1, event: { a: 1 } }]);
  });

  it('reads NDJSON by line number, skipping blank lines and reporting unreadable ones', () => {
    // Act
    const entries = readEvents('{"a":1}\r\n\n{oops}\n{"a":3}\n');
    // Assess
    expect(entries.map((entry) => entry.line)).toEqual([1, 3, 4]);
    expect(entries[1]).toMatchObject({ line: 3, error: expect.stringMatching(/^not JSON/) });
    expect(entries[2]).toEqual({ line: 4, event: { a: 3 } });
  });

  it('reads nothing from empty input', () => {
    expect(readEvents('  \n')).toEqual([]);
  });
});
