import { CliError, SEE_USAGE } from './cli-error.ts';

/** The one argument a command takes; `what` names it when it is missing. */
export const onePositional = (positionals: readonly string[], what: string): string => {
  const [value, extra] = positionals;
  if (value === undefined || value === '') throw new CliError(`missing ${what}. ${SEE_USAGE}`);
  if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`);
  return value;
};

/** For a command that takes no argument: a stray one is refused, not ignored. */
export const noPositionals = (positionals: readonly string[]): void => {
  const [extra] = positionals;
  if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`);
};
