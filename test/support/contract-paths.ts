/**
 * The seed's fields by dotted path inside the EventBridge envelope, for tests
 * that break them one at a time. Removing an optional field keeps an event
 * valid, so only required ones are listed for removal.
 */
export const REQUIRED_PATHS = [
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
  'detail.id',
  'detail.kind',
  'detail.type',
  'detail.payload',
  'detail.payload.owner',
  'detail.payload.owner.ownershipType',
  'detail.payload.owner.organizationUid',
  'detail.payload.owner.parentCompanyUid',
  'detail.payload.type',
  'detail.payload.uid',
  'detail.payload.deviceIdentityHash',
  'detail.payload.status',
];

/** Strings that become keys or stored identifiers: bounded, non-empty, printable. */
export const KEY_STRING_PATHS = [
  'detail.id',
  'detail.payload.uid',
  'detail.payload.deviceIdentityHash',
  'detail.payload.owner.organizationUid',
  'detail.payload.owner.parentCompanyUid',
  'detail.payload.originator.organizationUid',
  'detail.payload.originator.policyUid',
];
