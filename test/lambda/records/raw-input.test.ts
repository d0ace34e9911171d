import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRawInput } from '../../../lambda/records/raw-input.ts';
import { MAX_STORED_RAW_BYTES, toRejectedRecord } from '../../../lambda/records/records.ts';
import { printSeedOnFailure } from '../../support/print-seed.ts';
import { TEST_SEED } from '../../support/seed.ts';

// Known answers from outside our code: JSON.stringify for what it can write, the text built by hand for the
// depths it cannot, and node:crypto's SHA-256 of either.

printSeedOnFailure();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const ISSUES = [{ field: '(event)', message: 'must be an EventBridge event object' }];

/** `depth` nested one-key objects around 1, built without recursion, and its JSON written by hand. */
const deepObject = (depth: number) => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return { value, json: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` };
};

describe('readRawInput', () => {
  it('writes any JSON value exactly as JSON.stringify does, with its size and hash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value);
        expect(readRawInput(value, Number.MAX_SAFE_INTEGER)).toEqual({
          kept: true,
          text: json,
          bytes: Buffer.byteLength(json),
          sha256: sha256(json),
          truncated: false,
        });
      }),
      { seed: TEST_SEED, numRuns: 500 },
    );
  });

  it('omits what JSON.stringify omits and writes what it rewrites', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, Number.NaN], d: new Date(0), e: '\uD800' };
    expect(readRawInput(value, 1_000)).toMatchObject({ kept: true, text: JSON.stringify(value) });
  });

  it('keeps an object nested 100,000 deep, which JSON.stringify cannot write', () => {
    // Prepare
    const { value, json } = deepObject(100_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);

    // Act and assess
    expect(readRawInput(value, MAX_STORED_RAW_BYTES)).toEqual({
      kept: true,
      text: json.slice(0, MAX_STORED_RAW_BYTES),
      bytes: json.length,
      sha256: sha256(json),
      truncated: true,
    });
  });

  it('names a BigInt, a cycle and a value that is not JSON at all, and keeps nothing of them', () => {
    const cycle: Record<string, unknown> = { detail: {} };
    (cycle.detail as Record<string, unknown>).self = cycle;
    expect(readRawInput({ detail: { payload: { n: 1n } } }, 1_000)).toMatchObject({
      kept: false,
      reason: 'contains a BigInt at detail.payload.n',
    });
    expect(readRawInput(cycle, 1_000)).toMatchObject({
      kept: false,
      reason: 'contains a cycle at detail.self',
    });
    expect(readRawInput(undefined, 1_000)).toMatchObject({
      kept: false,
      reason: 'is not a JSON value (undefined)',
    });
  });
});

describe('toRejectedRecord', () => {
  it('keeps a deep event whole when it fits, so it can be read back', () => {
    // Prepare
    const { value, json } = deepObject(40_000);

    // Act
    const record = toRejectedRecord(value, ISSUES, new Date(0));

    // Assess
    expect(record).toMatchObject({
      raw: json,
      rawBytes: json.length,
      rawSha256: sha256(json),
      rawTruncated: false,
    });
    expect(record.rawNotKept).toBeUndefined();
    let read: unknown = JSON.parse(record.raw);
    for (let level = 0; level < 40_000; level += 1) read = (read as { a: unknown }).a;
    expect(read).toBe(1);
  });

  it('says why an input that is not JSON is not kept, never "[object Object]"', () => {
    // Act
    const record = toRejectedRecord({ detail: { n: 1n } }, ISSUES, new Date(0));

    // Assess
    expect(record).toMatchObject({
      raw: '',
      rawTruncated: true,
      rawNotKept: 'the input contains a BigInt at detail.n',
    });
  });
});
