import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.ts';

/** What a command may touch of its process: tests and the entry point supply it. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
  readonly stderrIsTty: boolean;
}

export const processIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
  stderrIsTty: process.stderr.isTTY === true,
});

/** A file's text, or stdin's for `-`; a file that cannot be read is the user's to fix. */
export const readInput = (source: string, io: Io): string => {
  if (source === '-') return io.readStdin();
  try {
    return readFileSync(source, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code || 'unreadable';
    throw new CliError(`cannot read ${source}: ${why}`);
  }
};

/** One result: as text for a person, or as indented JSON with `--json`. */
export const printResult = (io: Io, json: boolean, human: string, value: unknown): void =>
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);

/** NDJSON, one line per item, for `--json` output a program reads as it comes. */
export const printJsonLines = (io: Io, items: readonly unknown[]): void => {
  for (const item of items) io.stdout(`${JSON.stringify(item)}\n`);
};
