import { randomBytes } from 'node:crypto';
import { EVENT_TYPE } from '../../lambda/contract/event-type.ts';

// The delivery `recipe-status check` sends: one recipe, device and organization reserved for the check.

/** The recipe uid, device and owner of every check delivery; no signageOS recipe is named so. */
export const CHECK_RECIPE_UID = 'recipe-status-deployment-check';

/** A UUIDv7 (RFC 9562) of `millis`: the ordering rule orders by it, so each check is newer than the last. */
export const newUuidV7 = (millis: number, random: Buffer = randomBytes(10)): string => {
  const hex = millis.toString(16).padStart(12, '0') + random.toString('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** The body an exporter would POST for the check's recipe, `Applied`. */
export const checkDeliveryBody = (eventId: string): string =>
  JSON.stringify({
    id: eventId,
    kind: 'domain',
    type: EVENT_TYPE,
    payload: {
      owner: {
        ownershipType: 'organization',
        organizationUid: CHECK_RECIPE_UID,
        parentCompanyUid: CHECK_RECIPE_UID,
      },
      type: EVENT_TYPE,
      uid: CHECK_RECIPE_UID,
      deviceIdentityHash: CHECK_RECIPE_UID,
      status: 'Applied',
    },
  });
