import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/index.ts';
import { KEEPER_ARGUMENT, runKeeper } from './local-store/keeper.ts';
import { COMMON_OPTIONS } from './options/common-options.ts';
import { PACKAGE_JSON } from './paths.ts';
import { CliError, errorText, SEE_USAGE } from './toolkit/cli-error.ts';
import { commandsTaking, splitCommandLine } from './toolkit/command-line.ts';
import type { Command } from './toolkit/command-types.ts';
import { displayLines, displayText } from './toolkit/display.ts';
import { type Io, processIo } from './toolkit/io.ts';
import { UnknownOptionError } from './toolkit/parse-options.ts';
import { usage } from './toolkit/usage.ts';

/** `recipe-status <version>`, from package.json. */
export const versionLine = (): string => {
  const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
  return `recipe-status ${String(version)}`;
};

const find = (name: string, commands: readonly Command[]): Command => {
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) throw new CliError(`unknown command "${name}". ${SEE_USAGE}`);
  return command;
};

/**
 * Runs one command line and returns the exit code; a failure the user can act
 * on is thrown as a CliError. `help` and `--help` print the usage text, and
 * `help <command>` or `<command> --help` that command's.
 */
export const run = async (
  argv: readonly string[],
  io: Io,
  commands: readonly Command[] = COMMANDS,
): Promise<number> => {
  const line = splitCommandLine(argv, commands);
  if (line.name === undefined && line.version) {
    io.stdout(`${versionLine()}\n`);
    return 0;
  }
  if (line.name === undefined || line.name === 'help') {
    const topic = line.name === 'help' ? splitCommandLine(line.args, commands).name : undefined;
    if (topic !== undefined && topic !== 'help') return find(topic, commands).execute(['--help'], io);
    io.stdout(`${usage(commands, COMMON_OPTIONS)}\n`);
    return line.name === undefined && !line.help ? 2 : 0;
  }
  const command = find(line.name, commands);
  try {
    return await command.execute(line.args, io);
  } catch (error) {
    if (error instanceof UnknownOptionError && commandsTaking(error.option, commands).length > 0)
      throw new CliError(`${command.name} does not take ${error.option}. ${SEE_USAGE}`);
    throw error;
  }
};

/**
 * The process entry: every failure becomes one line on stderr and an exit
 * code. Messages may echo input (an argument, a table name, an AWS error), so
 * they are made safe to print.
 */
export const main = async (argv: readonly string[]): Promise<void> => {
  if (argv[0] === KEEPER_ARGUMENT) {
    process.exitCode = await runKeeper(argv.slice(1));
    return;
  }
  const io = processIo();
  try {
    process.exitCode = await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`recipe-status: ${displayText(error.message)}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    io.stderr(`recipe-status: ${displayText(errorText(error))}\n`);
    if (process.env.RECIPE_STATUS_DEBUG !== undefined && error instanceof Error)
      io.stderr(`${displayLines(error.stack ?? '')}\n`);
    process.exitCode = 1;
  }
};
