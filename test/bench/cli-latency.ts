import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { localStoreFiles, readState } from '../../cli/local-store/files.ts';
import { formatTable } from '../../cli/toolkit/format-table.ts';
import { BIN } from '../support/cli.ts';
import { median } from './stats.ts';

/**
 * `npx tsx test/bench/cli-latency.ts [--runs N]`: how long a query command
 * takes from the shell, wall-clock and CPU, with the data folder's local store
 * already running (started by the replay before), against the same DynamoDB
 * Local named with --endpoint, through the README's `npx recipe-status`, from
 * source through tsx (no compile cache), and cold (no local store running: DynamoDB Local starts for the command).
 * CPU is the command's own user + system time (Linux: /proc/self/stat of this
 * process counts waited-for children), which a loaded machine does not stretch
 * the way it stretches wall-clock; the load average is printed beside it.
 */

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;
const QUERIES: readonly (readonly string[])[] = [
  ['get', 'rcp-player-store-17'],
  ['device', 'dev-store-17'],
  ['org', 'org-acme', '--status', 'Applied'],
];

const TICKS_PER_SECOND = 100;
/** User + system seconds of this process's waited-for children so far; undefined off Linux. */
const childrenCpu = (): number | undefined => {
  if (!existsSync('/proc/self/stat')) return undefined;
  // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and 15th.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[14]) + Number(fields[13])) / TICKS_PER_SECOND;
};

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
}

/** How a command is started: the bin through node, or the README's `npx recipe-status` in the clone. */
const NODE_BIN = [process.execPath, BIN] as const;
const NPX = ['npx', 'recipe-status'] as const;
const REPOSITORY = dirname(dirname(BIN));

const runCli = (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  [command, ...prefix]: readonly string[] = NODE_BIN,
): Promise<Timing> =>
  new Promise((done, fail) => {
    const cpuBefore = childrenCpu();
    const started = process.hrtime.bigint();
    const child = spawn(command ?? process.execPath, [...prefix, ...args], {
      cwd: REPOSITORY,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', fail);
    child.once('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuAfter = childrenCpu();
      if (code !== 0) fail(new Error(`recipe-status ${args.join(' ')} exited ${code}: ${stderr}`));
      const cpuMs =
        cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) * 1000;
      done({ wallMs, cpuMs });
    });
  });

const summary = (timings: readonly Timing[]): string[] => {
  const walls = timings.map((timing) => timing.wallMs);
  const cpu = timings.flatMap((timing) => (timing.cpuMs === undefined ? [] : [timing.cpuMs]));
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  return [
    String(timings.length),
    seconds(Math.min(...walls)),
    seconds(median(walls)),
    cpu.length === 0 ? '-' : seconds(median(cpu)),
  ];
};

const folder = mkdtempSync(join(tmpdir(), 'recipe-status-latency-'));
const dataDir = join(folder, 'store');
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const rows: string[][] = [];
const measure = async (
  label: string,
  args: readonly string[],
  times: number,
  {
    runEnv = env,
    via = NODE_BIN,
  }: { readonly runEnv?: NodeJS.ProcessEnv; readonly via?: readonly string[] } = {},
) => {
  const timings: Timing[] = [];
  for (let run = 0; run < times; run++) timings.push(await runCli(args, runEnv, via));
  rows.push([label, args.slice(0, 1).join(' '), ...summary(timings)]);
  process.stderr.write(`  ${label} ${args[0]}: done\n`);
};

try {
  process.stderr.write(`loading the example day into ${dataDir} (starts its local store) …\n`);
  await runCli(['replay', 'examples/events.ndjson', '--data-dir', dataDir], env);
  const state = readState(localStoreFiles(dataDir));
  if (state === undefined) throw new Error('the local store did not record where it listens');
  const store = ['--data-dir', dataDir];
  const endpoint = ['--endpoint', state.endpoint, '--table', 'recipe-status'];
  const fromSource = { ...env, RECIPE_STATUS_NO_COMPILE: '1' };
  process.stderr.write(`measuring ${runs} runs of each query …\n`);
  for (const query of QUERIES) await measure('local store running', [...query, ...store], runs);
  // The README's form: npm's own start comes on top of the bin's.
  await measure('npx recipe-status (README)', [...(QUERIES[0] ?? []), ...store], runs, { via: NPX });
  await measure('npx recipe-status (README)', ['--version'], runs, { via: NPX });
  for (const query of QUERIES) await measure('--endpoint', [...query, ...endpoint], runs);
  for (const query of QUERIES)
    await measure('from source (tsx)', [...query, ...store], runs, { runEnv: fromSource });
  process.stderr.write('cold: no local store running, so DynamoDB Local starts for the command …\n');
  const cold: Timing[] = [];
  for (let run = 0; run < Math.min(runs, 3); run++) {
    await runCli(['stop', ...store], env);
    cold.push(await runCli([...(QUERIES[0] ?? []), ...store], env));
  }
  rows.push(['cold (starts DynamoDB Local)', 'get', ...summary(cold)]);
} finally {
  await runCli(['stop', '--data-dir', dataDir], env).catch(() => undefined);
  rmSync(folder, { recursive: true, force: true });
}

const [one, five, fifteen] = loadavg().map((load) => load.toFixed(1));
process.stdout.write(
  `${formatTable(['STORE', 'COMMAND', 'RUNS', 'MIN WALL S', 'MEDIAN WALL S', 'MEDIAN CPU S'], rows)}\n` +
    `\n${cpus().length} CPUs, load average ${one} / ${five} / ${fifteen} (1 / 5 / 15 min), Node.js ${process.version}\n`,
);
