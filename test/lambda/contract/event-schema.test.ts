import { describe, expect, it } from 'vitest';
import { MAX_KEY_LENGTH, parseRecipeStatusEvent } from '../../../lambda/contract/event-schema.ts';
import { KEY_STRING_PATHS, REQUIRED_PATHS } from '../../support/contract-paths.ts';
import { seedEvent } from '../../support/events.ts';

type Json = Record<string, unknown>;

/** Sets (or with `undefined`, deletes) the value at a dotted path of a fresh seed event. */
const seedWith = (path: string, value: unknown): Json => {
  const event = seedEvent();
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target: Json = event;
  for (const key of keys) target = target[key] as Json;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return event;
};

const issuesOf = (input: unknown) => {
  const result = parseRecipeStatusEvent(input);
  if (result.success) throw new Error('expected the event to be rejected');
  return result.issues;
};

const fieldsOf = (input: unknown) => issuesOf(input).map((issue) => issue.field);

describe('parseRecipeStatusEvent', () => {
  it("accepts the seed's example and keeps every field", () => {
    // Act
    const result = parseRecipeStatusEvent(seedEvent());

    // Assess
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.event.detail.payload).toEqual(seedEvent().detail && (seedEvent().detail as Json).payload);
  });

  it.each(REQUIRED_PATHS)('rejects the event without %s, naming the field', (path) => {
    const issues = issuesOf(seedWith(path, undefined));
    expect(issues).toContainEqual({ field: path, message: 'is required' });
  });

  it.each([
    ...KEY_STRING_PATHS.map((path) => [path, 42] as const),
    ['detail.payload.originator.accountId', '5783'] as const,
    ['detail.payload.originator', 'someone'] as const,
    ['detail.payload.owner', []] as const,
    ['detail.payload', 'payload'] as const,
    ['detail', 'a string'] as const,
    ['detail', [1, 2]] as const,
    ['resources', 'arn'] as const,
    ['time', 1764148502] as const,
  ])('rejects %s of the wrong type (%j)', (path, value) => {
    expect(fieldsOf(seedWith(path, value))).toContain(path);
  });

  it.each([
    ['detail.kind', 'telemetry'],
    ['detail.type', 'Device.ProvisioningRecipeCreated'],
    ['detail.payload.type', 'Device.ProvisioningRecipeCreated'],
    ['detail.payload.owner.ownershipType', 'company'],
  ])('rejects a wrong literal at %s', (path, value) => {
    const issues = issuesOf(seedWith(path, value));
    expect(issues.find((issue) => issue.field === path)?.message).toMatch(/^must be "/);
  });

  it('rejects a status outside Pending, Applied, Failed, Invalid', () => {
    const issues = issuesOf(seedWith('detail.payload.status', 'Done'));
    expect(issues).toEqual([
      { field: 'detail.payload.status', message: 'must be one of Pending, Applied, Failed, Invalid' },
    ]);
  });

  it('rejects payload.type that differs from type', () => {
    const event = seedWith('detail.payload.type', 'Device.ProvisioningRecipeDeleted');
    expect(fieldsOf(event)).toEqual(['detail.payload.type']);
  });

  it('rejects detail-type that differs from type', () => {
    const issues = issuesOf(seedWith('detail-type', 'Device.ProvisioningRecipeCreated'));
    expect(issues).toEqual([{ field: 'detail-type', message: 'must equal detail.type' }]);
  });

  it.each(KEY_STRING_PATHS)('rejects an empty, over-long or control-character %s', (path) => {
    expect(issuesOf(seedWith(path, ''))).toContainEqual({ field: path, message: 'must not be empty' });
    expect(issuesOf(seedWith(path, 'x'.repeat(MAX_KEY_LENGTH + 1)))).toContainEqual({
      field: path,
      message: `must be at most ${MAX_KEY_LENGTH} characters`,
    });
    for (const bad of ['a\nb', 'a\u0000b', 'a\u007fb', 'a\ud800b']) {
      expect(issuesOf(seedWith(path, bad))).toContainEqual({
        field: path,
        message: 'must not contain control characters',
      });
    }
  });

  it('accepts keys of exactly the maximum length, in any script', () => {
    const result = parseRecipeStatusEvent(seedWith('detail.payload.uid', '数'.repeat(MAX_KEY_LENGTH)));
    expect(result.success).toBe(true);
  });

  it('rejects a time that is not an ISO-8601 timestamp from 1970 on', () => {
    expect(fieldsOf(seedWith('time', 'yesterday'))).toEqual(['time']);
    expect(fieldsOf(seedWith('time', '1969-12-31T23:59:59Z'))).toEqual(['time']);
  });

  it.each([[null], [[]], ['event'], [42]])('rejects a non-object event (%j) at the root', (input) => {
    expect(fieldsOf(input)).toEqual(['(event)']);
  });

  it('accepts an event without originator, or with any of its fields missing', () => {
    expect(parseRecipeStatusEvent(seedWith('detail.payload.originator', undefined)).success).toBe(true);
    for (const field of ['accountId', 'organizationUid', 'policyUid']) {
      expect(parseRecipeStatusEvent(seedWith(`detail.payload.originator.${field}`, undefined)).success).toBe(
        true,
      );
    }
    expect(parseRecipeStatusEvent(seedWith('detail.payload.originator', {})).success).toBe(true);
  });

  it('tolerates unknown extra fields at every level', () => {
    // Prepare
    let event = seedWith('replay-name', 'replay-1');
    for (const path of ['detail', 'detail.payload', 'detail.payload.owner', 'detail.payload.originator']) {
      const target = path.split('.').reduce<Json>((node, key) => node[key] as Json, event);
      target.addedLater = { nested: true };
    }
    event = { ...event, __proto__: { polluted: true } };

    // Act
    const result = parseRecipeStatusEvent(event);

    // Assess
    expect(result.success).toBe(true);
  });

  it('reports every invalid field at once', () => {
    const event = seedWith('detail.payload.status', 'Done');
    (((event.detail as Json).payload as Json).owner as Json).organizationUid = '';
    expect(fieldsOf(event).sort()).toEqual(['detail.payload.owner.organizationUid', 'detail.payload.status']);
  });
});
