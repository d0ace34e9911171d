import { displayText } from './display.ts';

/**
 * Plain-text tables for a terminal: columns padded to their widest cell. Every
 * cell is made safe to print (display.ts), since most come from event data.
 */
export const formatTable = (
  headers: readonly string[],
  unsafeRows: readonly (readonly string[])[],
): string => {
  const rows = unsafeRows.map((row) => row.map(displayText));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(headers), render(widths.map((width) => '-'.repeat(width))), ...rows.map(render)].join('\n');
};
