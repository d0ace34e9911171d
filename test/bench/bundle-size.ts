import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { type BuiltBundle, buildBundle, HANDLER_ENTRY, PEER_ENTRY } from './bundle.ts';

/** Phase 1: both functions bundled as the stack bundles them, and what that weighs. */

const RUNNER_SOURCE = fileURLToPath(new URL('./function-runner.ts', import.meta.url));

export interface BenchBundles {
  readonly ours: BuiltBundle;
  /** Ours with the AWS SDK left out, resolved at run time as the runtime's own copy would be. */
  readonly oursExternal: BuiltBundle;
  readonly peer: BuiltBundle;
  /** The runner of the measured processes, plain JavaScript so that no TypeScript loader runs in them. */
  readonly runner: string;
  /** A module that does nothing: the baseline a fresh process's init is divided by. */
  readonly emptyModule: string;
}

/** Builds everything the other phases run into `work`, an existing folder. */
export const buildBenchBundles = async (work: string): Promise<BenchBundles> => {
  const ours = await buildBundle(HANDLER_ENTRY, join(work, 'ours', 'index.mjs'));
  const oursExternal = await buildBundle(HANDLER_ENTRY, join(work, 'ours-sdk-external', 'index.mjs'), {
    sdkExternal: true,
  });
  const peer = await buildBundle(PEER_ENTRY, join(work, 'peer', 'index.mjs'));
  const runner = join(work, 'function-runner.mjs');
  await esbuild.build({
    entryPoints: [RUNNER_SOURCE],
    outfile: runner,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  const emptyModule = join(work, 'empty.mjs');
  writeFileSync(emptyModule, 'export {};\n');
  return { ours, oursExternal, peer, runner, emptyModule };
};

export interface BundleSize {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BundleSizes {
  readonly ours: BundleSize;
  readonly peer: BundleSize;
  /** The heaviest packages in our bundle, bytes in the output, heaviest first. */
  readonly heaviestPackages: Record<string, number>;
}

const HEAVIEST_SHOWN = 8;

export const bundleSizes = ({ ours, peer }: BenchBundles): BundleSizes => ({
  ours: { bytes: ours.bytes, gzipBytes: ours.gzipBytes },
  peer: { bytes: peer.bytes, gzipBytes: peer.gzipBytes },
  heaviestPackages: Object.fromEntries(
    Object.entries(ours.weights)
      .sort((a, b) => b[1] - a[1])
      .slice(0, HEAVIEST_SHOWN),
  ),
});
