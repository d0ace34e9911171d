import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this package's package.json, from the sources and from an installed dist/ alike. */
const findPackageRoot = (from: string): string => {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
};

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
