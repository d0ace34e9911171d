import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../cli/commands/index.ts';
import { redriveCommand } from '../../../cli/commands/operate/redrive.ts';
import { orgCommand } from '../../../cli/commands/query/org.ts';
import { COMMON_OPTIONS, STORE_OPTIONS } from '../../../cli/options/common-options.ts';
import { defineCommand } from '../../../cli/toolkit/command.ts';
import { commandHelp, synopsis, usage } from '../../../cli/toolkit/usage.ts';
import { RecipeStatusSchema } from '../../../lambda/contract/event-schema.ts';

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

describe('usage', () => {
  const text = usage(COMMANDS, COMMON_OPTIONS);

  it('lists every command with its arguments, own options and summary, in registry order', () => {
    // Act
    const listed = [...text.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]);
    // Assess
    expect(listed.slice(0, COMMANDS.length)).toEqual(COMMANDS.map((command) => command.name));
    for (const command of COMMANDS) {
      expect(text).toContain(`  ${synopsis(command, COMMON_OPTIONS)}`);
      expect(oneLine(text)).toContain(command.summary);
    }
  });

  it('lists the shared options once, and no command-only option there', () => {
    // Act
    const shared = text.slice(text.indexOf('options several commands take'));
    // Assess
    for (const name of [...Object.keys(STORE_OPTIONS), 'json', 'help'])
      expect(shared.match(new RegExp(`^ {2}(-h, )?--${name}\\b`, 'gm'))).toHaveLength(1);
    expect(shared).not.toContain('--queue-url');
  });

  it('keeps every line within 100 columns', () => {
    for (const help of [text, ...COMMANDS.map(commandHelp)])
      for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('synopsis', () => {
  it("shows org's statuses as the contract has them", () => {
    expect(synopsis(orgCommand, COMMON_OPTIONS)).toBe(
      `org <organizationUid> [--status ${RecipeStatusSchema.options.join('|')}]`,
    );
  });

  it('shows a required option without brackets', () => {
    expect(synopsis(redriveCommand, COMMON_OPTIONS)).toBe(
      'redrive --queue-url <url> [--dry-run] [--source <sources>] [--account <id>]',
    );
  });
});

describe('commandHelp', () => {
  it("lists a command's options, shared ones included, and help", () => {
    // Act
    const help = commandHelp(redriveCommand);
    // Assess
    expect(help.split('\n')[0]).toBe('usage: recipe-status redrive --queue-url <url> [options]');
    for (const option of ['--queue-url <url>', '--dry-run', '--data-dir <dir>', '--json', '-h, --help'])
      expect(help).toMatch(new RegExp(`^ {2}${option.replace(/[|]/g, '\\|')} `, 'm'));
    expect(help).toContain('(required) the dead-letter queue');
  });

  it('wraps a long summary and puts a long synopsis on a line of its own', () => {
    // Prepare
    const wide = defineCommand({
      name: 'wide',
      summary: `${'word '.repeat(30)}end`,
      usage: '<a-very-long-argument-name>',
      options: {},
      run: async () => 0,
    });
    // Act
    const lines = usage([wide], COMMON_OPTIONS).split('\n');
    // Assess
    expect(lines).toContain('  wide <a-very-long-argument-name>');
    expect(lines.filter((line) => line.startsWith(`${' '.repeat(27)}word`)).length).toBeGreaterThan(1);
  });
});
