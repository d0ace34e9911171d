import { parseArgs } from 'node:util';
import type { Command, OptionSpecs } from './command-types.ts';
import { HELP_OPTION } from './help-option.ts';
import { parseArgsOptions } from './parse-options.ts';

export interface CommandLine {
  /** The command's name: the first argument that is neither an option nor an option's value. */
  readonly name: string | undefined;
  /** Every other argument, in order, for the command to parse against its own options. */
  readonly args: readonly string[];
  /** `--help` or `-h` was given. */
  readonly help: boolean;
  /** `--version` was given. */
  readonly version: boolean;
}

/** Every option any command takes: each name means one thing across commands. */
export const allOptions = (commands: readonly Command[]): OptionSpecs =>
  Object.assign({}, ...commands.map((command) => command.options), HELP_OPTION);

/**
 * Finds the command wherever it stands, so options may come before it as well
 * as after. Every option any command takes is known here, so the value of a
 * string option (`--table get`) is never taken for the command; unknown options
 * are left for the command's own parser to refuse.
 */
export const splitCommandLine = (argv: readonly string[], commands: readonly Command[]): CommandLine => {
  const { tokens } = parseArgs({
    args: [...argv],
    options: parseArgsOptions(allOptions(commands)),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const command = tokens.find((token) => token.kind === 'positional');
  return {
    name: command?.value,
    args: argv.filter((_, index) => index !== command?.index),
    help: tokens.some((token) => token.kind === 'option' && token.name === 'help'),
    version: tokens.some((token) => token.kind === 'option' && token.name === 'version'),
  };
};

/** The commands that take an option as written (`--dry-run`, `-h`), to name them in an error. */
export const commandsTaking = (written: string, commands: readonly Command[]): string[] => {
  const long = /^--([^=]+)/.exec(written)?.[1];
  const short = /^-([^-])$/.exec(written)?.[1];
  return commands
    .filter((command) =>
      Object.entries(command.options).some(
        ([name, spec]) => name === long || (short !== undefined && spec.short === short),
      ),
    )
    .map((command) => command.name);
};
