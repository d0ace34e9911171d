import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/toolkit/cli-error.ts';
import type { OptionSpecs } from '../../../cli/toolkit/command-types.ts';
import { optionSyntax, parseOptions, UnknownOptionError } from '../../../cli/toolkit/parse-options.ts';

const SPECS = {
  queue: { type: 'string', value: 'url', required: true, description: 'a queue' },
  colour: { type: 'string', choices: ['red', 'green'], description: 'a colour' },
  note: { type: 'string', description: 'a note' },
  quiet: { type: 'boolean', short: 'q', description: 'say less' },
} as const satisfies OptionSpecs;

const failure = (args: string[]): unknown => {
  try {
    parseOptions('paint', SPECS, args);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('parseOptions', () => {
  it('gives every boolean a value, strings as given, and the arguments in order', () => {
    // Act
    const given = parseOptions('paint', SPECS, ['a', '--queue', 'q1', 'b', '-q', '--colour=red']);
    const left = parseOptions('paint', SPECS, ['--queue', 'q1']);
    // Assess
    expect(given).toEqual({
      values: { queue: 'q1', colour: 'red', note: undefined, quiet: true },
      positionals: ['a', 'b'],
    });
    expect(left).toMatchObject({ values: { quiet: false } });
  });

  it('answers help before checking anything else', () => {
    expect(parseOptions('paint', SPECS, ['--colour', 'blue', '-h'])).toBe('help');
  });

  it('refuses a missing required option, naming it with its value', () => {
    expect(failure([])).toEqual(new CliError('paint needs --queue <url>'));
    expect(failure(['--queue', ''])).toEqual(new CliError('paint needs --queue <url>'));
  });

  it('refuses a value that is not one of the choices, naming them', () => {
    expect(failure(['--queue', 'q', '--colour', 'blue'])).toEqual(
      new CliError('--colour must be one of red, green, got "blue"'),
    );
  });

  it('reports an option it does not know as such, for the dispatcher to word', () => {
    // Act
    const error = failure(['--queue', 'q', '--dry-run=1']);
    // Assess
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error).toMatchObject({ option: '--dry-run', exitCode: 2 });
    expect(failure(['-x'])).toMatchObject({ name: 'UnknownOptionError', option: '-x' });
  });

  it('says in one line what is wrong with a value', () => {
    expect(failure(['--note'])).toEqual(
      new CliError('option --note needs a value. Run recipe-status --help for usage.'),
    );
    expect(failure(['--quiet=yes'])).toEqual(
      new CliError('option --quiet takes no value. Run recipe-status --help for usage.'),
    );
  });

  it('takes a value starting with a dash for a forgotten one, unless written after "="', () => {
    // Act
    const forgotten = failure(['--queue', '-q']);
    const written = parseOptions('paint', SPECS, ['--queue=-q', '--note', '-']);
    // Assess
    expect(forgotten).toEqual(
      new CliError(
        'option --queue needs a value (one starting with "-" is written --queue=-...). Run recipe-status --help for usage.',
      ),
    );
    expect(written).toMatchObject({ values: { queue: '-q', note: '-', quiet: false } });
  });

  it('refuses the first option written wrong, in the order given', () => {
    expect(failure(['--quiet=yes', '--colour-x'])).toMatchObject({
      message: 'option --quiet takes no value. Run recipe-status --help for usage.',
    });
    expect(failure(['--colour-x', '--quiet=yes'])).toMatchObject({ option: '--colour-x' });
  });
});

describe('optionSyntax', () => {
  it('writes each kind of option as usage shows it', () => {
    expect(optionSyntax('queue', SPECS.queue)).toBe('--queue <url>');
    expect(optionSyntax('colour', SPECS.colour)).toBe('--colour red|green');
    expect(optionSyntax('note', SPECS.note)).toBe('--note <value>');
    expect(optionSyntax('quiet', SPECS.quiet)).toBe('--quiet');
  });
});
