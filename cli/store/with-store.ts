import type { STORE_OPTIONS } from '../options/common-options.ts';
import type { OptionValues } from '../toolkit/command-types.ts';
import type { Io } from '../toolkit/io.ts';
import { openStore, type StoreAccess, type StoreConnection } from './open-store.ts';

export type StoreValues = OptionValues<typeof STORE_OPTIONS>;

export interface WithStoreOptions {
  /** `read` by default. */
  readonly access?: StoreAccess;
  /**
   * A command that writes names its store first, on stderr (stdout stays the
   * command's output, `--json` included): `writing to <store>`, or in a dry
   * run `dry run: reading <store>, writing nothing`.
   */
  readonly announce?: { readonly io: Io; readonly dryRun?: boolean };
  readonly fallbackRegion?: string | undefined;
}

/** The line a writing command prints first. */
export const storeLine = (description: string, dryRun: boolean): string =>
  dryRun
    ? `recipe-status: dry run: reading ${description}, writing nothing\n`
    : `recipe-status: writing to ${description}\n`;

/** Opens the store the options name, runs `work` on it, and closes it whatever happens. */
export const withStore = async <T>(
  values: StoreValues,
  work: (connection: StoreConnection) => Promise<T>,
  options: WithStoreOptions = {},
): Promise<T> => {
  const { announce } = options;
  const connection = await openStore({
    dataDir: values['data-dir'],
    endpoint: values.endpoint,
    table: values.table,
    access: options.access ?? 'read',
    fallbackRegion: options.fallbackRegion,
    ...(announce !== undefined && {
      onLocated: (description: string) =>
        announce.io.stderr(storeLine(description, announce.dryRun === true)),
    }),
  });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
};
