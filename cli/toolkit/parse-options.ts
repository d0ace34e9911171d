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

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** The first option written wrong, judged from parseArgs' tokens, not from Node's wording of its errors. */
const misuse = (tokens: readonly Token[], specs: OptionSpecs): CliError | undefined => {
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    if (spec === undefined) return new UnknownOptionError(token.rawName);
    const option = `--${token.name}`;
    if (spec.type === 'boolean' && token.inlineValue === true)
      return new CliError(`option ${option} takes no value. ${SEE_USAGE}`);
    if (spec.type === 'string' && token.value === undefined)
      return new CliError(`option ${option} needs a value. ${SEE_USAGE}`);
    // As strict parseArgs: `--table -x` is a forgotten value, not a table named "-x".
    if (spec.type === 'string' && token.inlineValue === false && /^-./.test(token.value ?? ''))
      return new CliError(
        `option ${option} needs a value (one starting with "-" is written ${option}=-...). ${SEE_USAGE}`,
      );
  }
  return undefined;
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
  const all = { ...specs, ...HELP_OPTION };
  const parsed = parseArgs({
    args: [...args],
    options: parseArgsOptions(all),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const wrong = misuse(parsed.tokens, all);
  if (wrong !== undefined) throw wrong;
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
