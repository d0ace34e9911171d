/**
 * Text from event data (or any input), made safe to print on a terminal. Each
 * control character (C0, DEL, C1), format character (bidirectional overrides
 * and isolates, zero-width marks), line or paragraph separator and lone
 * surrogate is shown as an escape (`\x1b`, `\u202e`, `\n`), and a backslash
 * as `\\`: what is printed is what was stored, visibly, and it can neither move
 * the cursor, clear the screen, set the title nor reorder a line. `--json`
 * output never goes through here: JSON has its own exact escapes.
 */

const UNSAFE = /[\\\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

const NAMED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const escapeCharacter = (character: string): string => {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const code = character.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
};

export const displayText = (value: string): string => value.replace(UNSAFE, escapeCharacter);

/** Each line of a multi-line text made safe, the line breaks kept: for a stack trace. */
export const displayLines = (text: string): string => text.split('\n').map(displayText).join('\n');
