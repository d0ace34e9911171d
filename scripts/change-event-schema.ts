import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import { type StatusChanged, StatusChangedSchema } from '../lambda/changes/status-changed.ts';
import { PUBLISHED_EVENT_SOURCE, STATUS_CHANGED_DETAIL_TYPE } from '../lambda/contract/detail-types.ts';

// `npm run schema`: the JSON Schema of a change event's detail, from its Valibot schema, shipped in schema/.

export const STATUS_CHANGED_SCHEMA_FILE = fileURLToPath(
  new URL('../schema/status-changed.schema.json', import.meta.url),
);

/** The documented example (docs/changes.md shows the same detail). */
export const STATUS_CHANGED_EXAMPLE: StatusChanged = {
  changeId: '8f1c2e0a-4b7d-4a59-9a51-0d3c1f6e7b21',
  recipeUid: 'rcp-player-store-17',
  previousStatus: 'Pending',
  status: 'Failed',
  deviceIdentityHash: 'dev-store-17',
  organizationUid: 'org-globex',
  parentCompanyUid: 'company-globex',
  occurredAt: '2026-11-26T09:12:00.000Z',
  eventId: '01a21720-4300-700c-8a1b-2c3d4e5f6a7b',
  orderKey: '001795684320000#01a21720-4300-700c-8a1b-2c3d4e5f6a7b',
  repair: false,
  changedAt: '2026-11-26T09:12:01.204Z',
};

export const statusChangedJsonSchema = (): Record<string, unknown> => ({
  ...toJsonSchema(StatusChangedSchema),
  title: `${STATUS_CHANGED_DETAIL_TYPE} detail`,
  description: `The detail of the events source "${PUBLISHED_EVENT_SOURCE}", detail type "${STATUS_CHANGED_DETAIL_TYPE}": one change of a recipe's current status.`,
  examples: [STATUS_CHANGED_EXAMPLE],
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(STATUS_CHANGED_SCHEMA_FILE, `${JSON.stringify(statusChangedJsonSchema(), null, 2)}\n`);
}
