import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as esbuild from 'esbuild';
import { HANDLER_BUNDLING } from '../../infra/handler-bundling.ts';

/** Builds a function the way the stack's NodejsFunction does, from the one HANDLER_BUNDLING. */

export const HANDLER_ENTRY = fileURLToPath(new URL('../../lambda/status/handler.ts', import.meta.url));
export const PEER_ENTRY = fileURLToPath(new URL('./peer-handler.ts', import.meta.url));

const aliasesOf = (args: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(args)
      .filter(([flag]) => flag.startsWith('--alias:'))
      .map(([flag, target]) => [flag.slice('--alias:'.length), target]),
  );

export interface BuiltBundle {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Bytes in the output per package, for finding what weighs. */
  readonly weights: Record<string, number>;
}

export interface BuildOptions {
  /** Leave the AWS SDK out, resolved from node_modules at run time as the runtime's copy would be. */
  readonly sdkExternal?: boolean;
}

export const buildBundle = async (
  entry: string,
  outfile: string,
  options: BuildOptions = {},
): Promise<BuiltBundle> => {
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: HANDLER_BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: HANDLER_BUNDLING.target,
    minify: HANDLER_BUNDLING.minify,
    sourcemap: HANDLER_BUNDLING.sourceMap,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    banner: { js: HANDLER_BUNDLING.banner },
    // The alias replaces a module of the bundled SDK; with the SDK external there is nothing to replace.
    ...(!options.sdkExternal && { alias: aliasesOf(HANDLER_BUNDLING.esbuildArgs) }),
    external: options.sdkExternal ? ['@aws-sdk/*', '@smithy/*'] : [...HANDLER_BUNDLING.externalModules],
    metafile: true,
    logLevel: 'warning',
  });
  const output = Object.entries(result.metafile.outputs).find(
    ([path]) => path.endsWith('.mjs') || path.endsWith('.js'),
  );
  const weights: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output?.[1].inputs ?? {})) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
    weights[name] = (weights[name] ?? 0) + bytesInOutput;
  }
  const content = readFileSync(outfile);
  const { gzipSync } = await import('node:zlib');
  return { file: outfile, bytes: content.byteLength, gzipBytes: gzipSync(content).byteLength, weights };
};
