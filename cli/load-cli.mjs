import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Loads cli/main.ts for bin/recipe-status.mjs, compiled once into a cache any edit renews (docs/cli.md).

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ENTRY = 'cli/main.ts';
const CACHE = join(ROOT, 'node_modules', '.cache', 'recipe-status');
const MANIFEST = join(CACHE, 'manifest.json');
/** Changes whenever the build options below change. */
const BUILD_FORMAT = 1;

/** The sources (relative to the repository) and everything else the output depends on. */
const keyOf = (inputs) => {
  const hash = createHash('sha256').update(`${BUILD_FORMAT}\0${process.version}\0${ROOT}\0`);
  for (const input of inputs)
    hash
      .update(`${input}\0`)
      .update(readFileSync(join(ROOT, input)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
};

const bundlePath = (key) => join(CACHE, `main-${key}.mjs`);

const cachedBundle = () => {
  try {
    const { key, inputs } = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const path = bundlePath(key);
    return keyOf(inputs) === key && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
};

/** Written whole or not at all, so a process running at the same time reads the old file or the new. */
const writeAtomically = (path, contents) => {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
};

const build = async () => {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outfile: join(CACHE, 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
    // cli/paths.ts finds the repository's files from this, not from the bundle's place.
    define: { RECIPE_STATUS_REPOSITORY_URL: JSON.stringify(pathToFileURL(ROOT).href) },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => relative(ROOT, resolve(ROOT, input)))
    .sort();
  const key = keyOf(inputs);
  mkdirSync(CACHE, { recursive: true });
  for (const file of result.outputFiles) {
    const name = basename(file.path).replace(/^main\.mjs/, `main-${key}.mjs`);
    const text = file.path.endsWith('.map')
      ? file.text
      : file.text.replace('sourceMappingURL=main.mjs.map', `sourceMappingURL=main-${key}.mjs.map`);
    writeAtomically(join(CACHE, name), text);
  }
  writeAtomically(MANIFEST, JSON.stringify({ key, inputs }));
  // Earlier bundles are garbage now; one a running command still reads is already loaded.
  for (const name of readdirSync(CACHE)) {
    if (!/^main-\w+\.mjs(\.map)?$/.test(name) || name.startsWith(`main-${key}.`)) continue;
    try {
      unlinkSync(join(CACHE, name));
    } catch {
      // Another command removed it first.
    }
  }
  return bundlePath(key);
};

const fromSource = async () => {
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(ROOT, ENTRY)).href);
};

/** The module of cli/main.ts, compiled or from source. */
export const loadCli = async () => {
  if (process.env.RECIPE_STATUS_NO_COMPILE === '1') return fromSource();
  try {
    return await import(pathToFileURL(cachedBundle() ?? (await build())).href);
  } catch (error) {
    if (process.env.RECIPE_STATUS_DEBUG !== undefined)
      process.stderr.write(`recipe-status: running from source: ${error}\n`);
    return fromSource();
  }
};
