import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every folder of TypeScript source whose modules must not import each other in a cycle. */
const SOURCE_FOLDERS = ['lambda', 'infra', 'cli', 'dynamodb-local', 'scripts', 'test'];

/** The modules the CDK app loads: our own files, and the packages they import. */
const moduleGraph = async (entry: string) => {
  const { metafile } = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.entries(metafile.inputs);
  return {
    files: inputs.map(([file]) => file).sort(),
    packages: [
      ...new Set(
        inputs.flatMap(([, input]) =>
          input.imports.filter((imported) => imported.external).map((imported) => imported.path),
        ),
      ),
    ].sort(),
  };
};

const sourceFiles = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.m?ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });

/** Each file's relative imports, type-only imports and re-exports included (TypeScript's own pre-parse). */
const importGraph = (root: string, folders: readonly string[]): Map<string, string[]> => {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap((folder) => sourceFiles(join(root, folder)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      relative(root, file),
      importedFiles
        .map(({ fileName }) => fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => relative(root, resolve(dirname(file), name))),
    );
  }
  return graph;
};

/** The import cycles of a graph: its strongly connected components of more than one module, or a module importing itself. */
const importCycles = (graph: ReadonlyMap<string, readonly string[]>): string[][] => {
  let next = 0;
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const open: string[] = [];
  const cycles: string[][] = [];
  const visit = (module: string): void => {
    order.set(module, next);
    lowest.set(module, next++);
    open.push(module);
    const imports = (graph.get(module) ?? []).filter((imported) => graph.has(imported));
    for (const imported of imports) {
      if (!order.has(imported)) visit(imported);
      if (open.includes(imported))
        lowest.set(module, Math.min(lowest.get(module) ?? 0, lowest.get(imported) ?? 0));
    }
    if (lowest.get(module) !== order.get(module)) return;
    const component = open.splice(open.indexOf(module));
    if (component.length > 1 || imports.includes(module)) cycles.push(component.sort());
  };
  for (const module of [...graph.keys()].sort()) if (!order.has(module)) visit(module);
  return cycles;
};

describe("the CDK app's modules", () => {
  it('take from lambda/ only the names the stack shares with the functions, not their runtime code', async () => {
    const { files } = await moduleGraph('infra/app.ts');
    expect(files.filter((file) => file.startsWith('lambda/'))).toEqual([
      'lambda/contract/detail-types.ts',
      'lambda/contract/event-pattern.ts',
      'lambda/contract/event-type.ts',
      'lambda/shared/function-limits.ts',
      'lambda/shared/metric-names.ts',
      'lambda/store/table-definition.ts',
    ]);
    expect(files.filter((file) => !file.startsWith('lambda/') && !file.startsWith('infra/'))).toEqual([]);
  });

  it('load neither Valibot nor an AWS SDK client', async () => {
    const { packages } = await moduleGraph('infra/app.ts');
    expect(packages.filter((name) => name === 'valibot' || name.startsWith('@aws-sdk/'))).toEqual([]);
    expect(packages).toContain('aws-cdk-lib');
  });
});

describe('the import graph', () => {
  it('has no cycle, type-only imports included', () => {
    const graph = importGraph(ROOT, SOURCE_FOLDERS);
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
  });

  it('keeps the layers: cli/ takes nothing from infra/, test support nothing from cli/', () => {
    const graph = importGraph(ROOT, SOURCE_FOLDERS);
    const crossing = (from: string, to: string) =>
      [...graph].flatMap(([file, imports]) =>
        file.startsWith(from)
          ? imports.filter((imported) => imported.startsWith(to)).map((i) => `${file} -> ${i}`)
          : [],
      );
    expect(crossing('cli/', 'infra/')).toEqual([]);
    expect(crossing('test/support/', 'cli/')).toEqual([]);
    expect(crossing('lambda/', 'cli/')).toEqual([]);
    expect(crossing('lambda/', 'infra/')).toEqual([]);
  });

  it('finds a cycle made of type-only imports and re-exports', () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'import-cycle-'));
    writeFileSync(join(folder, 'a.ts'), "import type { B } from './b.ts';\nexport type A = { b: B };\n");
    writeFileSync(join(folder, 'b.ts'), "export type { C as B } from './c.ts';\n");
    writeFileSync(join(folder, 'c.ts'), "import type { A } from './a.ts';\nexport type C = { a?: A };\n");
    writeFileSync(join(folder, 'd.ts'), "import type { A } from './a.ts';\nexport type D = A;\n");
    try {
      // Act
      const cycles = importCycles(importGraph(folder, ['.']));
      // Assess
      expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
