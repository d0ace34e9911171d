import * as v from 'valibot';

// The rule "what passes validation can be stored", in one place: every value
// the records keep is validated with one of these pieces, so a value DynamoDB
// or the DocumentClient would refuse is a validation issue naming its field,
// never a write that fails on every retry. (The store still turns a refusal
// the schema did not foresee into a rejection: see data-refusal.ts.)

/** Well inside DynamoDB's 2048/1024-byte key limits even at 3 UTF-8 bytes per unit. */
export const MAX_KEY_LENGTH = 256;

// Control characters (\p{Cc}) break logs and terminals; lone surrogates (\p{Cs})
// cannot be encoded as UTF-8, so DynamoDB could never store them. A valid
// surrogate pair is one code point in a `u` regex and does not match \p{Cs}.
const PRINTABLE = /^[^\p{Cc}\p{Cs}]*$/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** True when the string encodes as UTF-8 (has no lone surrogate). */
export const isWellFormedText = (value: string): boolean => !LONE_SURROGATE.test(value);

/** A string that is stored, and may become part of a key: non-empty, bounded, printable. */
export const storableText = () =>
  v.pipe(
    v.string('must be a string'),
    v.nonEmpty('must not be empty'),
    v.maxLength(MAX_KEY_LENGTH, `must be at most ${MAX_KEY_LENGTH} characters`),
    v.regex(PRINTABLE, 'must not contain control characters'),
  );

export const SAFE_INTEGER_MESSAGE = 'must be a whole number from -(2^53-1) to 2^53-1';

/** A number that is stored: a safe integer, as the DocumentClient can read it back (docs/contract.md#validation). */
export const storableInteger = () =>
  v.pipe(v.number('must be a number'), v.safeInteger(SAFE_INTEGER_MESSAGE));

/**
 * A piece of free text (an error message) cut to `maxLength` and made to encode
 * as UTF-8: a cut through a surrogate pair, or a lone surrogate, becomes U+FFFD.
 */
export const storableExcerpt = (value: string, maxLength: number): string =>
  value.slice(0, maxLength).replace(/\p{Cs}/gu, '\uFFFD');
