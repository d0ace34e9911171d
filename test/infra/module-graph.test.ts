import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

describe("the CDK app's modules", () => {
  it('take from lambda/ only the names the stack shares with the functions, not their runtime code', async () => {
    const { files } = await moduleGraph('infra/app.ts');
    expect(files.filter((file) => file.startsWith('lambda/'))).toEqual([
      'lambda/shared/detail-types.ts',
      'lambda/shared/event-type.ts',
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
