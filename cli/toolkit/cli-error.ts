/** A failure the user can act on: printed as one line on stderr, no stack, with this exit code. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** `get` of a recipe that is not there. */
export const NOT_FOUND_EXIT_CODE = 3;

/** The hint that ends a message about how the command was written. */
export const SEE_USAGE = 'Run recipe-status --help for usage.';

/** An error as one line of a report: its name and message. */
export const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
