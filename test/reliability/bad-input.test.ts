import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesEventPattern, recipeStatusEventPattern } from '../../infra/event-pattern.ts';
import { MAX_KEY_LENGTH } from '../../lambda/shared/event-schema.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { KEY_STRING_PATHS, REQUIRED_PATHS } from '../support/contract-paths.ts';
import { seedEvent } from '../support/events.ts';
import { inPool, readState } from '../support/oracle.ts';
import { printSeedOnFailure } from '../support/print-seed.ts';
import { TEST_SEED } from '../support/seed.ts';
import { createTestTable, type TestTable } from '../support/test-table.ts';
import { emptyCounts, report, scaled } from './scale.ts';

type Json = Record<string, unknown>;

// Every way to break the contract, by path: required fields are removed, optional ones retyped.
const STRINGS = [
  ...KEY_STRING_PATHS,
  'version',
  'detail-type',
  'source',
  'account',
  'region',
  'time',
  'detail.kind',
  'detail.type',
  'detail.payload.type',
  'detail.payload.owner.ownershipType',
  'detail.payload.status',
];
const LITERALS: Record<string, string> = {
  'detail.kind': 'domain',
  'detail.type': 'Device.ProvisioningRecipeStatusUpdated',
  'detail.payload.type': 'Device.ProvisioningRecipeStatusUpdated',
  'detail.payload.owner.ownershipType': 'organization',
  'detail-type': 'Device.ProvisioningRecipeStatusUpdated',
};
const OBJECTS = ['detail', 'detail.payload', 'detail.payload.owner', 'detail.payload.originator'];

const at = (event: Json, path: string): { parent: Json; key: string } => {
  const keys = path.split('.');
  const key = keys.pop() as string;
  let parent = event;
  for (const step of keys) parent = parent[step] as Json;
  return { parent, key };
};
const mutate = (path: string, change: (parent: Json, key: string) => void): Json => {
  const event = seedEvent();
  const { parent, key } = at(event, path);
  change(parent, key);
  return event;
};

const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const notObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const controlCharacter = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\n',
  '\r',
  '\t',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ud800',
  '\udfff',
);

const malformedEvent: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...REQUIRED_PATHS).map((path) => mutate(path, (parent, key) => delete parent[key])),
  fc
    .tuple(fc.constantFrom(...STRINGS), notString)
    .map(([path, value]) => mutate(path, (p, k) => (p[k] = value))),
  fc
    .tuple(fc.constantFrom(...OBJECTS), notObject)
    .map(([path, value]) => mutate(path, (p, k) => (p[k] = value))),
  fc
    .tuple(
      fc.constantFrom('detail.payload.originator.accountId'),
      fc.oneof(fc.string(), fc.boolean(), fc.object({ maxDepth: 0 })),
    )
    .map(([path, value]) => mutate(path, (p, k) => (p[k] = value))),
  fc.constantFrom(...KEY_STRING_PATHS).map((path) => mutate(path, (p, k) => (p[k] = ''))),
  fc
    .tuple(fc.constantFrom(...KEY_STRING_PATHS), fc.integer({ min: MAX_KEY_LENGTH + 1, max: 5_000 }))
    .map(([path, length]) => mutate(path, (p, k) => (p[k] = 'k'.repeat(length)))),
  fc
    .tuple(fc.constantFrom(...KEY_STRING_PATHS), controlCharacter, fc.nat({ max: 20 }))
    .map(([path, bad, position]) =>
      mutate(
        path,
        (p, k) => (p[k] = `${String(p[k]).slice(0, position)}${bad}${String(p[k]).slice(position)}`),
      ),
    ),
  fc
    .tuple(fc.constantFrom(...Object.keys(LITERALS)), fc.string({ maxLength: 40 }))
    .filter(([path, value]) => value !== LITERALS[path])
    .map(([path, value]) => mutate(path, (p, k) => (p[k] = value))),
  fc
    .string({ maxLength: 20 })
    .filter((value) => !['Pending', 'Applied', 'Failed', 'Invalid'].includes(value))
    .map((value) => mutate('detail.payload.status', (p, k) => (p[k] = value))),
  fc
    .oneof(fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 }))
    .map((detail) => ({ ...seedEvent(), detail })),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2, withNullPrototype: true, withObjectString: true }),
  // Own keys named __proto__ and constructor, as JSON.parse makes them.
  fc.constantFrom('detail', 'detail.payload', 'detail.payload.owner').map((path) =>
    mutate(path, (p, k) => {
      p[k] = JSON.parse(
        `{"__proto__":{"status":"Applied","uid":"x"},"constructor":{"prototype":{"polluted":true}}}`,
      );
    }),
  ),
  fc.constant(JSON.parse(`{"__proto__":${JSON.stringify(seedEvent())}}`)),
);

/** Near EventBridge's 1 MiB entry limit, and invalid: a key far too long, or a status outside the set. */
const hugeEvent = (bytes: number, variant: number): Json =>
  variant % 2 === 0
    ? mutate('detail.payload.uid', (p, k) => (p[k] = 'u'.repeat(bytes)))
    : { ...mutate('detail.payload.status', (p, k) => (p[k] = 'Done')), padding: 'é'.repeat(bytes / 2) };

let table: TestTable;
const counts = emptyCounts();
printSeedOnFailure();

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => report('bad-input', counts));

describe('bad input', () => {
  it(
    'rejects every malformed event with reasons naming fields, or leaves it to the rule; none throws or writes a status',
    async () => {
      const pattern = recipeStatusEventPattern();
      const store = createDynamoDbStatusStore({ client: table.documentClient, tableName: table.tableName });
      const generated = fc.sample(malformedEvent, { numRuns: scaled(10_000, 400), seed: TEST_SEED });
      const huge = Array.from({ length: scaled(6, 2) }, (_, i) => hugeEvent(1_040_000 - i * 50_000, i));
      const inputs: unknown[] = [...generated, ...huge];
      const outcomes = { rejected: 0, ignored: 0, other: 0 };

      await inPool(inputs, 16, async (input) => {
        counts.deliveries += 1;
        if (!matchesEventPattern(pattern, input)) {
          outcomes.ignored += 1;
          return;
        }
        try {
          const result = await processEvent(input, { store, now: () => new Date() });
          if (result.outcome !== 'rejected') {
            outcomes.other += 1;
            counts.invalidWritten += 1;
            return;
          }
          outcomes.rejected += 1;
          expect(result.issues?.length).toBeGreaterThan(0);
          for (const issue of result.issues ?? []) {
            expect(issue.field).not.toBe('');
            expect(issue.message).not.toBe('');
          }
        } catch (error) {
          counts.crashed += 1;
          throw error;
        }
      });

      const { current, history } = await readState(table);
      counts.invalidWritten += current.size + history.size;
      counts.notes = { ...outcomes };
      expect(outcomes.other).toBe(0);
      expect(outcomes.rejected).toBeGreaterThan(inputs.length / 2);
      expect(counts).toMatchObject({ invalidWritten: 0, crashed: 0 });
    },
    scaled(900_000, 120_000),
  );
});
