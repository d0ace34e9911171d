import { marshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecipeStatusEvent } from '../../../lambda/contract/event-schema.ts';
import { SAFE_INTEGER_MESSAGE, storableExcerpt } from '../../../lambda/contract/storable.ts';
import { toRejectedRecord, toStatusRecord } from '../../../lambda/records/records.ts';
import { currentItem, historyItem, rejectedItem } from '../../../lambda/store/items.ts';
import { seedEvent } from '../../support/events.ts';

type Json = Record<string, unknown>;
const SEED = 20_261_126;
const ACCOUNT_ID = 'detail.payload.originator.accountId';

const setAt = (event: Json, path: string, value: unknown): Json => {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: Json = event;
  for (const key of keys) target = target[key] as Json;
  target[last] = value;
  return event;
};
const seedWith = (path: string, value: unknown): Json => setAt(seedEvent(), path, value);

/** True when DynamoDB could hold every leaf exactly; checked apart from the code under test. */
const storableLeaves = (value: unknown): boolean => {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('utf8') === value;
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= 2 ** 53 - 1;
  if (Array.isArray(value)) return value.every(storableLeaves);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(storableLeaves);
  return typeof value === 'boolean';
};

describe('originator.accountId: a number DynamoDB and the DocumentClient hold exactly', () => {
  it.each([0, 5783, -1, 2 ** 53 - 1, -(2 ** 53 - 1)])('accepts %d', (accountId) => {
    expect(parseRecipeStatusEvent(seedWith(ACCOUNT_ID, accountId)).success).toBe(true);
  });

  it.each([
    ['2^53', 2 ** 53],
    ['12345678901234567, as JSON.parse reads it', JSON.parse('12345678901234567')],
    ['-(2^53)', -(2 ** 53)],
    ['1e126, beyond DynamoDB', 1e126],
    ['1e-200, below DynamoDB', 1e-200],
    ['a fraction', 5783.5],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('rejects %s with an issue naming the field', (_name, accountId) => {
    expect(parseRecipeStatusEvent(seedWith(ACCOUNT_ID, accountId))).toEqual({
      success: false,
      issues: [{ field: ACCOUNT_ID, message: SAFE_INTEGER_MESSAGE }],
    });
  });
});

describe('stored envelope fields: id and source', () => {
  it.each(['id', 'source'])('rejects a lone surrogate, an empty or an over-long %s', (field) => {
    for (const [value, message] of [
      ['a\ud800b', 'must not contain control characters'],
      ['', 'must not be empty'],
      ['s'.repeat(257), 'must be at most 256 characters'],
    ] as const) {
      expect(parseRecipeStatusEvent(seedWith(field, value))).toEqual({
        success: false,
        issues: [{ field, message }],
      });
    }
  });

  it('accepts a surrogate pair, which is one character', () => {
    expect(parseRecipeStatusEvent(seedWith('source', 'signage\u{1F600}')).success).toBe(true);
  });
});

describe('what passes validation can be stored (fast-check)', () => {
  const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.tuple(fc.string({ maxLength: 5 }), loneSurrogate).map(([a, b]) => a + b),
  );
  const number = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(
      2 ** 53 - 1,
      2 ** 53,
      -(2 ** 53),
      1e125,
      1e126,
      1e-130,
      1e-131,
      JSON.parse('12345678901234567'),
    ),
  );
  const paths = [
    'id',
    'source',
    'account',
    'region',
    'version',
    'time',
    'detail.id',
    'detail.payload.uid',
    'detail.payload.deviceIdentityHash',
    'detail.payload.owner.organizationUid',
    'detail.payload.owner.parentCompanyUid',
    'detail.payload.originator.organizationUid',
    'detail.payload.originator.policyUid',
    ACCOUNT_ID,
  ];
  const event = fc
    .array(fc.tuple(fc.constantFrom(...paths), fc.oneof(text, number)), { minLength: 1, maxLength: 4 })
    .map((changes) => changes.reduce<Json>((event, [path, value]) => setAt(event, path, value), seedEvent()));

  it('turns every accepted event into items the DocumentClient marshals, every string valid UTF-8', () => {
    // Prepare
    let accepted = 0;

    // Act
    fc.assert(
      fc.property(event, (input) => {
        const parsed = parseRecipeStatusEvent(input);
        if (!parsed.success) return;
        accepted += 1;
        const record = toStatusRecord(parsed, { recordedAt: new Date('2026-11-26T10:00:00Z') });
        for (const item of [currentItem(record), historyItem(record, 1_800_000_000)]) {
          expect(() => marshall(item)).not.toThrow();
          expect(storableLeaves(item)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 2_000 },
    );

    // Assess: the generator must reach both sides of the schema for the property to say anything.
    expect(accepted).toBeGreaterThan(100);
  });

  it('turns every rejected event into a record the DocumentClient marshals, every string valid UTF-8', () => {
    fc.assert(
      fc.property(event, (input) => {
        const parsed = parseRecipeStatusEvent(input);
        if (parsed.success) return;
        const item = rejectedItem(toRejectedRecord(input, parsed.issues, new Date()), undefined);
        expect(() => marshall(item)).not.toThrow();
        expect(storableLeaves(item)).toBe(true);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});

describe('storableExcerpt', () => {
  it('cuts free text without leaving half a surrogate pair, and replaces lone ones', () => {
    expect(storableExcerpt('ab\u{1F600}', 3)).toBe('ab\ufffd');
    expect(storableExcerpt('a\udc00b', 10)).toBe('a\ufffdb');
    expect(storableExcerpt('plain', 3)).toBe('pla');
  });
});
