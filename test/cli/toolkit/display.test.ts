import { describe, expect, it } from 'vitest';
import { displayLines, displayText } from '../../../cli/toolkit/display.ts';

describe('displayText', () => {
  it.each([
    ['an escape sequence that clears the screen', '\x1b[2J\x1b[H', '\\x1b[2J\\x1b[H'],
    ['a title-setting OSC ended by BEL', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
    ['tab, newline and carriage return', 'a\tb\nc\rd', 'a\\tb\\nc\\rd'],
    ['DEL and C1 controls (CSI as one byte)', '\x7f\x85\x9b2J', '\\x7f\\x85\\x9b2J'],
    [
      'bidi overrides and isolates',
      '\u202aa\u202bb\u202cc\u202dd\u202ee',
      '\\u202aa\\u202bb\\u202cc\\u202dd\\u202ee',
    ],
    ['bidi isolates', '\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['zero-width and byte-order marks', 'a\u200bb\u200ec\ufeff', 'a\\u200bb\\u200ec\\ufeff'],
    ['line and paragraph separators', '\u2028\u2029', '\\u2028\\u2029'],
    ['a lone surrogate', 'x\ud800y', 'x\\ud800y'],
    ['a tag character beyond the BMP', '\u{e0041}', '\\u{e0041}'],
    ['a backslash, so an escape in the data cannot pass for one made here', 'C:\\x1b', 'C:\\\\x1b'],
  ])('shows %s visibly', (_, input, shown) => {
    expect(displayText(input)).toBe(shown);
  });

  it('leaves printable text of any script alone', () => {
    const text = 'rcp-wifi-lobby-01 Zürich 東京 Ελλάδα 🙂 ~!@#$%^&*()_+{}|:"<>?';
    expect(displayText(text)).toBe(text);
  });

  it('keeps the line breaks of a stack and escapes within each line', () => {
    expect(displayLines('Error: \x1b[31mred\n    at x')).toBe('Error: \\x1b[31mred\n    at x');
  });
});
