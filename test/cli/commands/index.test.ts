import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../cli/commands/index.ts';
import { run } from '../../../cli/main.ts';
import { STORE_OPTIONS } from '../../../cli/options/common-options.ts';
import { CliError } from '../../../cli/toolkit/cli-error.ts';
import { defineCommand } from '../../../cli/toolkit/command.ts';
import { allOptions } from '../../../cli/toolkit/command-line.ts';
import type { Io } from '../../../cli/toolkit/io.ts';

/** An Io that records what a command prints and reads nothing. */
const recordingIo = () => {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    readStdin: () => '',
    stderrIsTty: false,
  };
  return { io, out };
};

/** What `run` throws for this command line; undefined when it throws nothing. */
const failure = async (argv: string[], commands = COMMANDS): Promise<unknown> => {
  try {
    await run(argv, recordingIo().io, commands);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('the command registry', () => {
  it('names each command once, none of them "help"', () => {
    // Act
    const names = COMMANDS.map((command) => command.name);
    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('help');
  });

  it('gives each option name one meaning across commands, so options can stand before the command', () => {
    const all = allOptions(COMMANDS);
    for (const command of COMMANDS)
      for (const [name, spec] of Object.entries(command.options)) {
        expect(spec.type, `${command.name} --${name}`).toBe(all[name]?.type);
        expect(spec.short, `${command.name} --${name}`).toBe(all[name]?.short);
      }
  });

  it('has each command take the store options all together, --data-dir alone (stop), or none', () => {
    const takes = (names: string[]) =>
      COMMANDS.filter((command) => {
        const taken = Object.keys(STORE_OPTIONS).filter((name) => name in command.options);
        return taken.join() === names.join();
      }).map((command) => command.name);
    const all = takes(Object.keys(STORE_OPTIONS));
    expect(takes(['data-dir'])).toEqual(['stop']);
    expect([...all, ...takes([]), 'stop'].sort()).toEqual(COMMANDS.map((command) => command.name).sort());
  });

  it('refuses, in every command, each option only other commands take, naming both', async () => {
    // Prepare
    const all = allOptions(COMMANDS);
    const checked: string[] = [];
    // Act and assess, each command in turn
    for (const command of COMMANDS)
      for (const [name, spec] of Object.entries(all)) {
        if (name in command.options || name === 'help') continue;
        const argv = [command.name, `--${name}`, ...(spec.type === 'string' ? ['x'] : [])];
        expect(await failure(argv), argv.join(' ')).toEqual(
          new CliError(`${command.name} does not take --${name}. Run recipe-status --help for usage.`),
        );
        checked.push(argv.join(' '));
      }
    // Assess
    expect(checked).toContain('get --dry-run');
    expect(checked).toContain('sign --table x');
  });

  it('runs a command added to it, lists it in the usage, and refuses its options to the others', async () => {
    // Prepare
    const calls: unknown[] = [];
    const shout = defineCommand({
      name: 'shout',
      summary: 'say it loud',
      usage: '<word>',
      options: { loud: { type: 'boolean', description: 'louder' } },
      run: async (input, io) => {
        calls.push(input);
        io.stdout('ok\n');
        return 7;
      },
    });
    const commands = [...COMMANDS, shout];
    const { io, out } = recordingIo();
    const help = recordingIo();

    // Act
    const code = await run(['shout', 'hey', '--loud'], io, commands);
    const helpCode = await run(['--help'], help.io, commands);
    const refused = await failure(['get', 'r1', '--loud'], commands);

    // Assess
    expect(code).toBe(7);
    expect(calls).toEqual([{ values: { loud: true }, positionals: ['hey'] }]);
    expect(out.stdout).toBe('ok\n');
    expect(helpCode).toBe(0);
    expect(help.out.stdout).toMatch(/^ {2}shout <word> \[--loud\] +say it loud$/m);
    expect(refused).toEqual(new CliError('get does not take --loud. Run recipe-status --help for usage.'));
  });
});
