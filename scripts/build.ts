import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BUNDLE_FILE, FUNCTION_ENTRIES, HANDLER_BUNDLING } from './handler-bundling.ts';

/**
 * `npm run build`: what the package ships, built from the TypeScript sources.
 * - dist/{cli,infra,lambda}: the entry points and what they import, compiled by
 *   tsc (tsconfig.build.json) to ESM JavaScript with declarations;
 * - dist/bundles/<function>/index.mjs: each function bundled by esbuild with
 *   HANDLER_BUNDLING, the folder the construct deploys with Code.fromAsset.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const BUNDLES = join(DIST, 'bundles');
/** Written last by a complete build; what `buildIfStale` compares the sources with. */
const STAMP = join(DIST, '.build-stamp');
/** What the build reads: a change in any of them makes dist/ stale. */
const INPUTS = [
  'cli',
  'dynamodb-local',
  'infra',
  'lambda',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

export class BuildError extends Error {
  override readonly name = 'BuildError';
}

const filesUnder = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );

/**
 * tsc rewrites `./x.ts` to `./x.js` in the JavaScript it emits but leaves the
 * declarations as written; TypeScript 5 resolves either, older tools and other
 * readers only the `.js` a hand-written package would have.
 */
export const rewriteDeclarationSpecifiers = (source: string): string =>
  source.replace(/(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g, '$1$2$3.js$2');

/** tsc over tsconfig.build.json; incremental, so an unchanged source is not compiled again. */
export const compilePackage = (): void => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new BuildError(`tsc -p tsconfig.build.json failed:\n${run.stdout}${run.stderr}${run.error ?? ''}`);
  }
  for (const file of filesUnder(DIST).filter((path) => path.endsWith('.d.ts'))) {
    const source = readFileSync(file, 'utf8');
    const rewritten = rewriteDeclarationSpecifiers(source);
    if (rewritten !== source) writeFileSync(file, rewritten);
  }
};

/** Each function into a folder of its own that holds only its bundle and source map. */
export const bundleFunctions = async (outdir = BUNDLES): Promise<void> => {
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
    const folder = join(outdir, name);
    rmSync(folder, { recursive: true, force: true });
    await esbuild.build({ ...HANDLER_BUNDLING, entryPoints: [entry], outfile: join(folder, BUNDLE_FILE) });
  }
};

/** The whole package from nothing: what `prepare` runs on `npm ci`, `npm pack` and `npm publish`. */
export const buildPackage = async (): Promise<void> => {
  rmSync(DIST, { recursive: true, force: true });
  compilePackage();
  await bundleFunctions();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
};

const newestChange = (path: string): number => {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
};

/** Whether a source changed since the last complete build (or there was none). */
const isStale = (): boolean => {
  const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const changed = Math.max(...INPUTS.map((input) => newestChange(join(ROOT, input))));
  return built <= changed;
};

/**
 * Builds again only when a source changed since the last complete build, so
 * a test run spawns the bin a developer just edited, not an older build.
 */
export const buildIfStale = async (): Promise<boolean> => {
  if (!isStale()) return false;
  compilePackage();
  await bundleFunctions();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return true;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [what = 'all'] = process.argv.slice(2);
  try {
    if (what === 'all') await buildPackage();
    // `prepare`: npm runs it on `npm ci` and again on every first `npx recipe-status` in a clone.
    else if (what === 'if-stale') {
      if (isStale()) await buildPackage();
    } else if (what === 'bundles') await bundleFunctions();
    else
      throw new BuildError(`unknown build "${what}": use no argument (everything), "if-stale" or "bundles"`);
  } catch (error) {
    console.error(error instanceof BuildError ? error.message : error);
    process.exitCode = 1;
  }
}
