import { fileURLToPath } from 'node:url';

/**
 * The repository's files the CLI needs at run time. Run from source or from the
 * package's compiled dist/cli/, they are found from the package's folder;
 * compiled into one file (bin/recipe-status.mjs caches it under
 * node_modules/.cache), the bundler sets the repository's URL.
 */
declare const RECIPE_STATUS_REPOSITORY_URL: string | undefined;

// This module's parent folder: the repository from cli/, or dist/ from the package's dist/cli/.
const parent = new URL('../', import.meta.url);

const repository =
  typeof RECIPE_STATUS_REPOSITORY_URL === 'string'
    ? new URL(RECIPE_STATUS_REPOSITORY_URL)
    : parent.pathname.endsWith('/dist/')
      ? new URL('../', parent)
      : parent;

const inRepository = (path: string): string => fileURLToPath(new URL(path, repository));

/** The executable: commands that start a process of their own (the local store's keeper) run it. */
export const BIN = inRepository('bin/recipe-status.mjs');
export const EXAMPLES = inRepository('examples/events.ndjson');
export const PACKAGE_JSON = inRepository('package.json');
