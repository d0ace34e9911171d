import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';
import { runCli } from '../support/cli.ts';

/** The dispatcher, through the real executable: usage, help, and what it refuses before any command runs. */

describe('recipe-status --help', () => {
  it('prints the usage, generated from the commands, listing every one with its summary', async () => {
    // Act
    const run = await runCli(['--help']);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: recipe-status <command> \[options\]\n/);
    for (const command of COMMANDS) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command.name}\\b`, 'm'));
      expect(run.stdout.replace(/\s+/g, ' ')).toContain(command.summary);
    }
  });

  it('prints a command its own help, after the command or after help', async () => {
    // Act
    const after = await runCli(['org', '--help']);
    const before = await runCli(['help', 'org']);
    // Assess
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^usage: recipe-status org <organizationUid> \[options\]\n/);
    expect(after.stdout).toMatch(
      /^ {2}--status Pending\|Applied\|Failed\|Invalid +only recipes in this status$/m,
    );
    expect(after.stdout).not.toContain('--queue-url');
    expect(before).toEqual(after);
  });

  it('prints the usage and exits 2 when no command is given', async () => {
    // Act
    const run = await runCli([]);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^usage: recipe-status <command>/);
  });
});

describe('recipe-status --version', () => {
  it('prints the version of package.json, from the compiled cache and from source alike', async () => {
    // Prepare
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    // Act
    const compiled = await runCli(['--version']);
    const fromSource = await runCli(['--version'], {
      env: { ...process.env, RECIPE_STATUS_NO_COMPILE: '1' },
    });
    // Assess
    expect(compiled).toEqual({ code: 0, stdout: `recipe-status ${version}\n`, stderr: '' });
    expect(fromSource).toEqual({ code: 0, stdout: `recipe-status ${version}\n`, stderr: '' });
  });
});

describe('recipe-status errors', () => {
  it.each([
    [['frobnicate'], 'recipe-status: unknown command "frobnicate". Run recipe-status --help for usage.\n'],
    [
      ['get', 'r1', '--colour'],
      'recipe-status: unknown option --colour. Run recipe-status --help for usage.\n',
    ],
    [
      ['get', 'r1', '--dry-run'],
      'recipe-status: get does not take --dry-run. Run recipe-status --help for usage.\n',
    ],
    [
      ['get', 'r1', '--dry-run', '--port', '5'],
      'recipe-status: get does not take --dry-run. Run recipe-status --help for usage.\n',
    ],
    [
      ['get', 'r1', '--table'],
      'recipe-status: option --table needs a value. Run recipe-status --help for usage.\n',
    ],
    [
      ['get', 'r1', '--table', '-x'],
      'recipe-status: option --table needs a value (one starting with "-" is written --table=-...). Run recipe-status --help for usage.\n',
    ],
    [
      ['get', 'r1', '--json=yes'],
      'recipe-status: option --json takes no value. Run recipe-status --help for usage.\n',
    ],
    [['get'], 'recipe-status: missing the recipe uid. Run recipe-status --help for usage.\n'],
    [['get', 'r1', 'r2'], 'recipe-status: unexpected argument "r2"\n'],
    [['redrive'], 'recipe-status: redrive needs --queue-url <url>\n'],
  ])('%j is one line on stderr and exit 2', async (args, message) => {
    // Act
    const run = await runCli(args);
    // Assess
    expect(run).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
