import type { OptionSpec } from './command-types.ts';

/** Every command takes it; the parser adds it. */
export const HELP_OPTION = {
  help: { type: 'boolean', short: 'h', description: 'this text' },
} as const satisfies Record<string, OptionSpec>;
