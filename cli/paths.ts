import { fileURLToPath } from 'node:url';

// The repository's files the CLI needs at run time, from source, from dist/cli/ or from a clone's bundle.

// Set by the bundler of load-cli.mjs: the bundle lives in a cache, away from the repository.
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
