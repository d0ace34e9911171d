import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The executable users run, as `npx recipe-status` runs it. */
export const BIN = fileURLToPath(new URL('../../bin/recipe-status.mjs', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `recipe-status` executable in its own process. */
export const runCli = (
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliRun> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: options.env ?? process.env,
      cwd: options.cwd ?? process.cwd(),
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });

/** Lines of `--json` NDJSON output, parsed. */
export const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
