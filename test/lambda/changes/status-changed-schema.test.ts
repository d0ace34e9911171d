import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as entry from '../../../lambda/contract/schema-entry.ts';
import {
  STATUS_CHANGED_EXAMPLE,
  STATUS_CHANGED_SCHEMA_FILE,
  statusChangedJsonSchema,
} from '../../../scripts/change-event-schema.ts';

const DOC = readFileSync(new URL('../../../docs/changes.md', import.meta.url), 'utf8');

describe("the change event's schema", () => {
  it('ships as a JSON Schema equal to the Valibot schema (npm run schema writes it)', () => {
    const shipped = JSON.parse(readFileSync(STATUS_CHANGED_SCHEMA_FILE, 'utf8'));
    expect(shipped).toEqual(statusChangedJsonSchema());
    expect(shipped.required).toHaveLength(12);
    expect(shipped.properties.previousStatus).toEqual({
      anyOf: [{ enum: ['Pending', 'Applied', 'Failed', 'Invalid'], type: 'string' }, { type: 'null' }],
    });
  });

  it('is exported from recipe-status/schema with the source and detail type', () => {
    expect(entry.StatusChangedSchema).toBeDefined();
    expect([entry.PUBLISHED_EVENT_SOURCE, entry.STATUS_CHANGED_DETAIL_TYPE]).toEqual([
      'recipe-status',
      'RecipeStatus.Changed',
    ]);
  });

  it('has a documented example that it accepts, the same in docs/changes.md', () => {
    expect(v.parse(entry.StatusChangedSchema, STATUS_CHANGED_EXAMPLE)).toEqual(STATUS_CHANGED_EXAMPLE);
    const documented = /```json\n(\{\n {2}"changeId"[\s\S]*?\n\})\n```/.exec(DOC)?.[1];
    expect(JSON.parse(documented ?? 'null')).toEqual(STATUS_CHANGED_EXAMPLE);
  });

  it('refuses a detail without a status or with an unknown one', () => {
    const { status: _, ...withoutStatus } = STATUS_CHANGED_EXAMPLE;
    expect(v.safeParse(entry.StatusChangedSchema, withoutStatus).success).toBe(false);
    expect(
      v.safeParse(entry.StatusChangedSchema, { ...STATUS_CHANGED_EXAMPLE, status: 'Lost' }).success,
    ).toBe(false);
  });
});
