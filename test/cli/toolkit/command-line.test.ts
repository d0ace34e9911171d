import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../cli/commands/index.ts';
import { commandsTaking, splitCommandLine } from '../../../cli/toolkit/command-line.ts';

describe('splitCommandLine', () => {
  it('finds the command after options, never taking an option value for it', () => {
    expect(splitCommandLine(['--table', 'get', '--json', 'org', 'o1'], COMMANDS)).toEqual({
      name: 'org',
      args: ['--table', 'get', '--json', 'o1'],
      help: false,
      version: false,
    });
  });

  it('leaves unknown options to the command and notices help anywhere', () => {
    expect(splitCommandLine(['get', '--colour', 'r1', '-h'], COMMANDS)).toEqual({
      name: 'get',
      args: ['--colour', 'r1', '-h'],
      help: true,
      version: false,
    });
  });

  it('finds no command in options alone', () => {
    expect(splitCommandLine(['--json', '--table', 'get'], COMMANDS)).toMatchObject({ name: undefined });
  });

  it('takes an argument after -- as an argument, even when it looks like an option', () => {
    expect(splitCommandLine(['get', '--', '--r1'], COMMANDS)).toEqual({
      name: 'get',
      args: ['--', '--r1'],
      help: false,
      version: false,
    });
  });
});

describe('commandsTaking', () => {
  it('names the commands that take an option as it was written', () => {
    expect(commandsTaking('--dry-run', COMMANDS)).toEqual(['rejected', 'redrive', 'repair']);
    expect(commandsTaking('--status=Failed', COMMANDS)).toEqual(['org', 'company']);
    expect(commandsTaking('--colour', COMMANDS)).toEqual([]);
    expect(commandsTaking('-x', COMMANDS)).toEqual([]);
  });
});
