import type { Command, OptionSpec, OptionSpecs } from './command-types.ts';
import { HELP_OPTION } from './help-option.ts';
import { optionSyntax } from './parse-options.ts';

// The usage text, generated from the commands: what `--help` prints, for all or for one.

const WIDTH = 100;
const SUMMARY_COLUMN = 27;

const wrap = (text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
};

/** Left column as given; the right one wrapped, starting on the next line when the left is too wide. */
const twoColumns = (rows: readonly (readonly [string, string])[], column: number): string =>
  rows
    .flatMap(([left, right]) => {
      const [first = '', ...rest] = wrap(right, WIDTH - column);
      const indented = rest.map((line) => `${' '.repeat(column)}${line}`);
      return left.length + 2 > column
        ? [left, `${' '.repeat(column)}${first}`, ...indented]
        : [`${left.padEnd(column)}${first}`, ...indented];
    })
    .join('\n');

const optionRows = (specs: OptionSpecs): string => {
  const rows = Object.entries(specs).map(
    ([name, spec]) =>
      [
        `  ${spec.short === undefined ? '' : `-${spec.short}, `}${optionSyntax(name, spec)}`,
        `${spec.required === true ? '(required) ' : ''}${spec.description}`,
      ] as const,
  );
  return twoColumns(rows, Math.max(...rows.map(([left]) => left.length)) + 3);
};

/** A command's options less the shared ones (the very specs, not merely options of the same name). */
const ownOptions = (command: Command, common: OptionSpecs): [string, OptionSpec][] =>
  Object.entries(command.options).filter(([name, spec]) => common[name] !== spec);

/** `org <organizationUid> [--status Pending|Applied|Failed|Invalid]`: its arguments and own options. */
export const synopsis = (command: Command, common: OptionSpecs): string =>
  [
    command.name,
    command.usage,
    ...ownOptions(command, common)
      // An option the usage already shows (`repair <recipeUid> | --all`) is not repeated.
      .filter(([name]) => !command.usage.split(' ').includes(`--${name}`))
      .map(([name, spec]) =>
        spec.required === true ? optionSyntax(name, spec) : `[${optionSyntax(name, spec)}]`,
      ),
  ]
    .filter((part) => part !== '')
    .join(' ');

/** The text of `--help`: every command, then `common`, the options several commands share. */
export const usage = (commands: readonly Command[], common: OptionSpecs): string =>
  [
    'usage: recipe-status <command> [options]',
    '       recipe-status --version',
    '',
    'commands:',
    twoColumns(
      commands.map((command) => [`  ${synopsis(command, common)}`, command.summary] as const),
      SUMMARY_COLUMN,
    ),
    '',
    'options several commands take (recipe-status <command> --help lists what each takes):',
    optionRows(common),
  ].join('\n');

export const commandHelp = (command: Command): string => {
  const required = Object.entries(command.options)
    .filter(([, spec]) => spec.required === true)
    .map(([name, spec]) => optionSyntax(name, spec));
  return [
    ['usage: recipe-status', command.name, command.usage, ...required, '[options]']
      .filter((part) => part !== '')
      .join(' '),
    '',
    ...wrap(command.summary, WIDTH),
    '',
    'options:',
    optionRows({ ...command.options, ...HELP_OPTION }),
  ].join('\n');
};
