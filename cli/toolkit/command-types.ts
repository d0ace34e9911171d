import type { Io } from './io.ts';

/**
 * One option of a command: what node:util `parseArgs` needs (type, short), and
 * what the usage text and the checks before `run` need.
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** What the value stands for, shown as `--port <port>`. */
  readonly value?: string;
  /** The only values accepted, shown as `--status A|B` and checked before the command runs. */
  readonly choices?: readonly string[];
  /** The command refuses to run without it. */
  readonly required?: boolean;
  /** One line for `--help`. */
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type StringValue<S extends OptionSpec> = S extends { readonly choices: readonly (infer C)[] } ? C : string;

/** What `run` receives: booleans are always set; a string is there when given or required. */
export type OptionValues<O extends OptionSpecs> = {
  readonly [K in keyof O]: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K]['required'] extends true
      ? StringValue<O[K]>
      : StringValue<O[K]> | undefined;
};

export interface CommandInput<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  /** The arguments after the command's name. */
  readonly positionals: readonly string[];
}

export interface CommandSpec<O extends OptionSpecs> {
  readonly name: string;
  /** One line, for the command list of `--help`. */
  readonly summary: string;
  /** The arguments after the name, e.g. `<recipeUid>`; empty when it takes none. */
  readonly usage: string;
  /** Every option it takes, and only those: any other is refused. */
  readonly options: O;
  readonly run: (input: CommandInput<O>, io: Io) => Promise<number>;
}

/** A command as the dispatcher and the usage text see it. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: OptionSpecs;
  /** Parses `args` (all but the command's name) against its own options, then runs. */
  readonly execute: (args: readonly string[], io: Io) => Promise<number>;
}
