import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of this package (the one holding its package.json), the same from
 * the TypeScript sources (infra/, cli/) and from the compiled dist/infra/ of an
 * installed copy: what it ships beside the code (function bundles, examples)
 * is found from here.
 */
const findPackageRoot = (from: string): string => {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
};

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
