import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';

/** Runs npm the way a user's shell would, for the package tests. */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The environment without what `npm test` sets for its own project
 * (npm_config_local_prefix and the like): an npm started with those would
 * work on this repository instead of the folder it runs in.
 */
export const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const run = (command: string, args: readonly string[], cwd: string, input?: string): Run => {
  const result = spawnSync(command, args, {
    cwd,
    env: cleanEnv(),
    encoding: 'utf8',
    input: input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** Like run, and a non-zero exit fails with what the command printed. */
export const runOk = (command: string, args: readonly string[], cwd: string): string => {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
};

const PackReportSchema = v.tuple([
  v.object({ files: v.array(v.object({ path: v.string(), size: v.number() })) }),
]);
export type PackedFile = v.InferOutput<typeof PackReportSchema>[0]['files'][number];

/** What `npm pack` puts in the tarball, from its JSON report (dist/ as the test setup built it). */
export const packedFiles = (): PackedFile[] => {
  const report = runOk('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
  return v.parse(PackReportSchema, JSON.parse(report))[0].files;
};

const EntryPointSchema = v.object({ types: v.string(), default: v.string() });
const PackageJsonSchema = v.object({
  name: v.string(),
  version: v.string(),
  main: v.string(),
  types: v.string(),
  bin: v.record(v.string(), v.string()),
  exports: v.record(v.string(), EntryPointSchema),
  files: v.array(v.string()),
  dependencies: v.record(v.string(), v.string()),
  peerDependencies: v.record(v.string(), v.string()),
  peerDependenciesMeta: v.record(v.string(), v.object({ optional: v.boolean() })),
  devDependencies: v.record(v.string(), v.string()),
});
export type PackageJson = v.InferOutput<typeof PackageJsonSchema>;

export const readPackageJson = (): PackageJson =>
  v.parse(PackageJsonSchema, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));

const LockSchema = v.object({
  packages: v.record(v.string(), v.object({ version: v.optional(v.string()) })),
});

/** The version of a package this repository's lock file installs. */
export const lockedVersion = (name: string): string => {
  const lock = v.parse(LockSchema, JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')));
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return version;
};
