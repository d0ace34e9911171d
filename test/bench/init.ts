import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { BenchHarness } from './harness.ts';
import { median } from './stats.ts';

/**
 * Phase 2, init: a fresh process importing a bundle (and so building its
 * clients), timed from spawn to exit, over the same for an empty module.
 * The four modules alternate their order from run to run.
 */

export type InitModule = 'empty' | 'ours' | 'oursExternal' | 'peer';

export interface InitResult {
  readonly medianMs: Record<InitModule, number>;
}

export interface InitCounts {
  /** Fresh processes per module. */
  readonly runs: number;
}

const ORDERS: readonly (readonly InitModule[])[] = [
  ['empty', 'ours', 'peer', 'oursExternal'],
  ['oursExternal', 'peer', 'ours', 'empty'],
];

export const measureInit = async (harness: BenchHarness, { runs }: InitCounts): Promise<InitResult> => {
  const { bundles } = harness;
  const tables = await harness.freshTables();
  const files: Record<InitModule, string> = {
    empty: bundles.emptyModule,
    ours: bundles.ours.file,
    oursExternal: bundles.oursExternal.file,
    peer: bundles.peer.file,
  };
  const samples: Record<InitModule, number[]> = { empty: [], ours: [], oursExternal: [], peer: [] };
  const timeImport = (file: string, env: NodeJS.ProcessEnv) => {
    const started = process.hrtime.bigint();
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`],
      { env, cwd: harness.root },
    );
    if (child.status !== 0) throw new Error(`importing ${file} failed: ${child.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let run = 0; run < runs; run++) {
    for (const module of ORDERS[run % ORDERS.length] ?? []) {
      const env = harness.environment(module === 'peer' ? 'peer' : 'ours', tables);
      samples[module].push(timeImport(files[module], env));
    }
  }
  return {
    medianMs: {
      empty: median(samples.empty),
      ours: median(samples.ours),
      oursExternal: median(samples.oursExternal),
      peer: median(samples.peer),
    },
  };
};
