import { readFileSync } from 'node:fs';
import { parseRecipeStatusEvent, type RecipeStatus } from '../../lambda/contract/event-schema.ts';
import { type RecordingOptions, type StatusRecord, toStatusRecord } from '../../lambda/records/records.ts';
import { seededBytes, seededRandom, TEST_SEED } from './seed.ts';

/** The seed's example, wrapped as EventBridge delivers it to the function. */
export const seedEvent = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../fixtures/recipe-status-updated.json', import.meta.url), 'utf8'));

// The random part of generated ids: seeded, so a file's ids are the same on every run with its seed.
const idRandom = seededRandom(TEST_SEED);

/**
 * A UUID version 7 (RFC 9562): 48 bits of `millis`, then `random` with the
 * version (7) and variant (10) bits written over it.
 */
export const uuidV7 = (millis: number, random: Buffer = seededBytes(idRandom, 10)): string => {
  const hex = millis.toString(16).padStart(12, '0') + random.toString('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export interface RecipeEventSpec {
  readonly id: string;
  readonly recipeUid?: string | undefined;
  readonly status?: RecipeStatus | undefined;
  readonly deviceIdentityHash?: string | undefined;
  readonly organizationUid?: string | undefined;
  readonly parentCompanyUid?: string | undefined;
  readonly time?: string | undefined;
}

/** An EventBridge event of our type, varied from the seed's example. */
export const recipeEvent = (spec: RecipeEventSpec) => ({
  version: '0',
  id: `eb-${spec.id}`,
  'detail-type': 'Device.ProvisioningRecipeStatusUpdated',
  source: 'signageos',
  account: '123456789012',
  time: spec.time ?? '2026-11-26T09:15:02Z',
  region: 'eu-central-1',
  resources: [],
  detail: {
    id: spec.id,
    kind: 'domain',
    type: 'Device.ProvisioningRecipeStatusUpdated',
    payload: {
      owner: {
        ownershipType: 'organization',
        organizationUid: spec.organizationUid ?? 'org-1',
        parentCompanyUid: spec.parentCompanyUid ?? 'company-1',
      },
      type: 'Device.ProvisioningRecipeStatusUpdated',
      uid: spec.recipeUid ?? 'recipe-1',
      deviceIdentityHash: spec.deviceIdentityHash ?? 'device-1',
      status: spec.status ?? 'Pending',
    },
  },
});

/** The status record the function writes for a valid `event`, as toStatusRecord builds it. */
export const statusRecordOf = (
  event: unknown,
  recordedAt: Date,
  options: Omit<RecordingOptions, 'recordedAt'> = {},
): StatusRecord => {
  const parsed = parseRecipeStatusEvent(event);
  if (!parsed.success) throw new Error(`not a valid event: ${JSON.stringify(parsed.issues)}`);
  return toStatusRecord(parsed, { recordedAt, ...options });
};
