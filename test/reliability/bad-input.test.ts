import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesEventPattern, recipeStatusEventPattern } from '../../lambda/contract/event-pattern.ts';
import { MAX_KEY_LENGTH, RECIPE_STATUSES } from '../../lambda/contract/event-schema.ts';
import { processEvent } from '../../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../../lambda/store/dynamodb-status-store.ts';
import { KEY_STRING_PATHS, REQUIRED_PATHS } from '../support/contract-paths.ts';
import { recipeEvent, seedEvent, uuidV7 } from '../support/events.ts';
import { historyIds, inPool, readCurrentItem, readState } from '../support/oracle.ts';
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

const unsafeNumber = fc.constantFrom(
  2 ** 53,
  -(2 ** 53),
  Number('12345678901234567'),
  1e125,
  1e126,
  -1e126,
  Number.MAX_VALUE,
  1e-130,
  1e-131,
  Number.MIN_VALUE,
  0.5,
  -1.5,
);
// A day past its month's end, or a time of day past 23:59:59; the oracle is Date.UTC, outside our code.
const impossibleTime = fc
  .record({
    year: fc.integer({ min: 1970, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 30 }),
    minute: fc.integer({ min: 0, max: 70 }),
  })
  .filter(({ year, month, day, hour, minute }) => {
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
    return date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute;
  })
  .map(({ year, month, day, hour, minute }) => {
    const two = (n: number) => String(n).padStart(2, '0');
    return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:00Z`;
  });

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
  // Numbers at and beyond what the DocumentClient (±(2^53−1)) and DynamoDB (1e-130..1e126) hold exactly.
  fc
    .oneof(
      unsafeNumber,
      fc.double().filter((value) => !Number.isSafeInteger(value)),
    )
    .map((value) => mutate('detail.payload.originator.accountId', (p, k) => (p[k] = value))),
  impossibleTime.map((time) => mutate('time', (p, k) => (p[k] = time))),
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

// Valid, but hostile: each used to pin, flip, duplicate or crash a recipe.
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const T0 = Date.parse('2026-11-26T08:00:00.000Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

type Sent = ReturnType<typeof recipeEvent>;

/** The rule as the issue states it, written apart from the code under test. */
const canonical = (id: string) => (UUID.test(id) ? id.toLowerCase() : id);
const occurred = (event: Sent): number => {
  const envelope = Date.parse(event.time);
  const id = canonical(event.detail.id);
  if (!UUID_V7.test(id)) return envelope;
  const idTime = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
  return idTime - envelope > FUTURE_TOLERANCE_MS ? envelope : idTime;
};
const greater = (a: Sent, b: Sent) =>
  occurred(a) !== occurred(b)
    ? occurred(a) > occurred(b)
    : Buffer.compare(Buffer.from(canonical(a.detail.id)), Buffer.from(canonical(b.detail.id))) > 0;

const hostileScenario = fc.record({
  kind: fc.constantFrom('number', 'future', 'case'),
  accountId: fc.oneof(
    unsafeNumber,
    fc.constantFrom(2 ** 53 - 1, -(2 ** 53 - 1), 0, -0, 1),
    fc.integer(),
    fc.double(),
  ),
  aheadMs: fc.oneof(
    fc.integer({ min: 0, max: FUTURE_TOLERANCE_MS + 1 }),
    fc.integer({ min: FUTURE_TOLERANCE_MS - 2, max: FUTURE_TOLERANCE_MS + 2 }),
    fc.integer({ min: FUTURE_TOLERANCE_MS, max: 2 ** 47 - T0 }),
  ),
  spellings: fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...RECIPE_STATUSES)), {
    minLength: 2,
    maxLength: 4,
  }),
  random: fc.uint8Array({ minLength: 10, maxLength: 10 }),
});

type HostileScenario = typeof hostileScenario extends fc.Arbitrary<infer T> ? T : never;

/** A recipe's deliveries, in order, and which of them must be rejected. */
const deliveriesOf = (scenario: HostileScenario, recipeUid: string) => {
  const at = (millis: number, byte: number, status: (typeof RECIPE_STATUSES)[number] = 'Pending') =>
    recipeEvent({
      id: uuidV7(millis, Buffer.alloc(10, byte)),
      recipeUid,
      status,
      time: new Date(millis).toISOString(),
    });
  const first = at(T0, 1);
  if (scenario.kind === 'number') {
    const numbered = at(T0 + 1_000, 2, 'Failed');
    const withNumber = {
      ...numbered,
      detail: {
        ...numbered.detail,
        payload: { ...numbered.detail.payload, originator: { accountId: scenario.accountId } },
      },
    };
    return {
      deliveries: [first, withNumber, at(T0 + 2_000, 3, 'Applied')],
      rejected: new Set(Number.isSafeInteger(scenario.accountId) ? [] : [withNumber.detail.id]),
    };
  }
  if (scenario.kind === 'future') {
    const envelope = T0 + 60_000;
    const future = recipeEvent({
      id: uuidV7(envelope + scenario.aheadMs, Buffer.from(scenario.random)),
      recipeUid,
      status: 'Failed',
      time: new Date(envelope).toISOString(),
    });
    return {
      deliveries: [first, future, at(T0 + 120_000, 4, 'Applied'), future],
      rejected: new Set<string>(),
    };
  }
  const id = uuidV7(T0 + 60_000, Buffer.from(scenario.random));
  const spelled = scenario.spellings.map(([upper, status]) =>
    recipeEvent({
      id: upper ? id.toUpperCase() : id,
      recipeUid,
      status,
      time: new Date(T0 + 60_000).toISOString(),
    }),
  );
  return { deliveries: [first, ...spelled], rejected: new Set<string>() };
};

describe('valid but hostile input', () => {
  it(
    'ends every event as an outcome; no future-dated id pins, no spelling flips or doubles, no unsafe number is written',
    async () => {
      const hostileTable = await createTestTable();
      const store = createDynamoDbStatusStore({
        client: hostileTable.documentClient,
        tableName: hostileTable.tableName,
      });
      const scenarios = fc.sample(hostileScenario, { numRuns: scaled(600, 60), seed: 4242 });
      const kinds = { number: 0, future: 0, futureDistrusted: 0, case: 0 };

      await inPool(
        scenarios.map((scenario, index) => ({ scenario, index })),
        8,
        async ({ scenario, index }) => {
          const recipeUid = `hostile-${index}`;
          const { deliveries, rejected } = deliveriesOf(scenario, recipeUid);
          kinds[scenario.kind] += 1;
          const counted = new Map<string, number>();
          for (const event of deliveries) {
            counts.deliveries += 1;
            let result: Awaited<ReturnType<typeof processEvent>>;
            try {
              result = await processEvent(event, { store, now: () => new Date() });
            } catch (error) {
              counts.crashed += 1;
              throw error;
            }
            const eventId = canonical(event.detail.id);
            if (result.idTimeDistrusted === true) kinds.futureDistrusted += 1;
            if (rejected.has(event.detail.id)) {
              expect(result.outcome).toBe('rejected');
              expect(result.issues?.map((issue) => issue.field)).toEqual([
                'detail.payload.originator.accountId',
              ]);
            } else if (result.outcome === 'applied' || result.outcome === 'stale') {
              counted.set(eventId, (counted.get(eventId) ?? 0) + 1);
            } else {
              expect(result.outcome).toBe('duplicate');
            }
          }
          const accepted = deliveries.filter((event) => !rejected.has(event.detail.id));
          const firstOf = new Map<string, Sent>();
          for (const event of accepted)
            if (!firstOf.has(canonical(event.detail.id))) firstOf.set(canonical(event.detail.id), event);
          const expected = [...firstOf.values()].reduce((best, event) =>
            greater(event, best) ? event : best,
          );
          const there = await readCurrentItem(hostileTable, recipeUid);
          const ids = await historyIds(hostileTable, recipeUid);
          if (
            there?.eventId !== canonical(expected.detail.id) ||
            there?.status !== expected.detail.payload.status
          )
            counts.regressed += 1;
          counts.duplicated += ids.length - new Set(ids).size;
          counts.duplicated += [...counted.values()].filter((times) => times > 1).length;
          counts.lost += [...firstOf.keys()].filter((id) => !ids.includes(id)).length;
          counts.invalidWritten += [...rejected].filter((id) => ids.includes(canonical(id))).length;
        },
      );

      counts.notes = {
        ...counts.notes,
        ...Object.fromEntries(Object.entries(kinds).map(([k, n]) => [`hostile-${k}`, n])),
      };
      expect(kinds.futureDistrusted).toBeGreaterThan(0);
      expect(counts).toMatchObject({ lost: 0, regressed: 0, duplicated: 0, invalidWritten: 0, crashed: 0 });
    },
    scaled(900_000, 120_000),
  );
});
