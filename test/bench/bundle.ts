import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { FUNCTION_ENTRIES, HANDLER_BUNDLING } from '../../scripts/handler-bundling.ts';

/** Builds a function the way the package build does for the construct, from the one HANDLER_BUNDLING. */

export const HANDLER_ENTRY = FUNCTION_ENTRIES.status;
export const PEER_ENTRY = fileURLToPath(new URL('./peer-handler.ts', import.meta.url));

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
    ...HANDLER_BUNDLING,
    entryPoints: [entry],
    outfile,
    // The alias replaces a module of the bundled SDK; with the SDK external there is nothing to replace.
    ...(options.sdkExternal && { alias: {}, external: ['@aws-sdk/*', '@smithy/*'] }),
    metafile: true,
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
