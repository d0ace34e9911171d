import { CliError } from './cli-error.ts';

/** The one argument a command takes; `what` names it when it is missing. */
export const onePositional = (positionals: readonly string[], what: string): string => {
  const [value, extra] = positionals;
  if (value === undefined || value === '')
    throw new CliError(`missing ${what}. Run recipe-status --help for usage.`);
  if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`);
  return value;
};

/** For a command that takes no argument: a stray one is refused, not ignored. */
export const noPositionals = (positionals: readonly string[]): void => {
  const [extra] = positionals;
  if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`);
};
