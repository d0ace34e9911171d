import { CliError } from '../toolkit/cli-error.ts';

/** The local store could not be started, reached or stopped: one line for the user, exit 2. */
export class LocalStoreError extends CliError {
  override readonly name = 'LocalStoreError';
}
