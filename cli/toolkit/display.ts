// Text from event data made safe to print on a terminal (docs/cli.md); `--json` output never comes here.

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
