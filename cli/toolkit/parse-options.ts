import { parseArgs } from 'node:util';
import { CliError, SEE_USAGE } from './cli-error.ts';
import type { CommandInput, OptionSpec, OptionSpecs, OptionValues } from './command-types.ts';
import { HELP_OPTION } from './help-option.ts';

/** An option this command does not know; the dispatcher says whether another command takes it. */
export class UnknownOptionError extends CliError {
  override readonly name: string = 'UnknownOptionError';
  constructor(readonly option: string) {
    super(`unknown option ${option}. ${SEE_USAGE}`);
  }
}

/** How an option is written in usage text: `--port <port>`, `--status A|B`, `--dry-run`. */
export const optionSyntax = (name: string, spec: OptionSpec): string => {
  if (spec.type === 'boolean') return `--${name}`;
  const value = spec.choices === undefined ? `<${spec.value ?? 'value'}>` : spec.choices.join('|');
  return `--${name} ${value}`;
};

/** What node:util `parseArgs` takes of the specs: type and short flag. */
export const parseArgsOptions = (specs: OptionSpecs) =>
  Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short !== undefined && { short: spec.short }) },
    ]),
  );

/** Node's own wording is long and explains '--' escaping; one short line is enough here. */
const parseFailure = (error: unknown): CliError => {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  // Node quotes the option as `'--note <value>'`, `'-q, --quiet'` or `'-x'`: the long name if any.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = /--[^\s,<=]+/.exec(quoted)?.[0] ?? quoted.split(/[\s,]/)[0] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UnknownOptionError(option);
  if (/argument missing/i.test(message)) return new CliError(`option ${option} needs a value. ${SEE_USAGE}`);
  if (/does not take an argument/i.test(message))
    return new CliError(`option ${option} takes no value. ${SEE_USAGE}`);
  return new CliError(`${message.split('. ')[0] ?? message}. ${SEE_USAGE}`);
};

/**
 * Parses a command's arguments against its own options only, then checks what
 * the specs promise `run`: required options present, choices respected.
 * Returns `'help'` when `--help` was asked for, before any check.
 */
export const parseOptions = <O extends OptionSpecs>(
  command: string,
  specs: O,
  args: readonly string[],
): CommandInput<O> | 'help' => {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: parseArgsOptions({ ...specs, ...HELP_OPTION }),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw parseFailure(error);
  }
  if (parsed.values.help === true) return 'help';
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = parsed.values[name];
    if (spec.type === 'boolean') {
      values[name] = given === true;
      continue;
    }
    const text = typeof given === 'string' ? given : undefined;
    if (spec.required === true && (text === undefined || text === ''))
      throw new CliError(`${command} needs ${optionSyntax(name, spec)}`);
    if (text !== undefined && spec.choices !== undefined && !spec.choices.includes(text))
      throw new CliError(`--${name} must be one of ${spec.choices.join(', ')}, got "${text}"`);
    values[name] = text;
  }
  // The loop above gave every option the type its spec promises: the one place that is asserted.
  return { values: values as OptionValues<O>, positionals: parsed.positionals };
};
