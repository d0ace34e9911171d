import { EVENT_TYPE } from './event-type.ts';

/**
 * The rule's event pattern, in EventBridge's own JSON form. The stack deploys
 * exactly this; local tooling (replay, serve, redrive) matches events against
 * it, so a local run routes events the way the deployed rule does.
 */
export type EventPattern = { readonly [field: string]: readonly JsonScalar[] | EventPattern };
type JsonScalar = string | number | boolean | null;

/** The `source` the ingestion endpoint puts deliveries on the bus with, unless told otherwise. */
export const DEFAULT_EVENT_SOURCE = 'signageos';

/**
 * Our detail-type, from these sources (by default the ingestion endpoint's),
 * and, when given, from this account only: the deployed rule names its own
 * account; local tools name none, since recorded events carry whichever
 * account they were put in, unless the user asks for one.
 */
export const recipeStatusEventPattern = (
  sources: readonly string[] = [DEFAULT_EVENT_SOURCE],
  account?: string,
): EventPattern => ({
  source: sources.length > 0 ? [...sources] : [DEFAULT_EVENT_SOURCE],
  ...(account !== undefined && { account: [account] }),
  'detail-type': [EVENT_TYPE],
});

const isScalarList = (value: unknown): value is readonly JsonScalar[] =>
  Array.isArray(value) &&
  value.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item));

/**
 * EventBridge's matching for the part of the pattern language this rule uses:
 * each field lists the exact values it accepts; nested objects match nested
 * fields; an array in the event matches when any element does. Any other
 * operator (prefix, anything-but, …) is refused rather than guessed.
 */
export const matchesEventPattern = (pattern: unknown, event: unknown): boolean => {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) {
    throw new Error('an event pattern must be an object');
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual: unknown = Object.hasOwn(event, field) ? Reflect.get(event, field) : undefined;
    if (isScalarList(expected)) {
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => expected.some((candidate) => candidate === value));
    }
    if (Array.isArray(expected)) throw new Error(`unsupported pattern operator in field "${field}"`);
    return matchesEventPattern(expected, actual);
  });
};

/**
 * Why the rule does not match an event, naming the first field of the pattern
 * that differs and the event's value there: `not matched by the rule
 * (detail-type "Device.ProvisioningRecipeCreated")`.
 */
export const unmatchedReason = (pattern: EventPattern, event: unknown): string => {
  const field = Object.keys(pattern).find((name) => !matchesEventPattern({ [name]: pattern[name] }, event));
  const value =
    field !== undefined && typeof event === 'object' && event !== null
      ? Reflect.get(event, field)
      : undefined;
  const shown = value === undefined ? 'missing' : JSON.stringify(value);
  return field === undefined ? 'not matched by the rule' : `not matched by the rule (${field} ${shown})`;
};
