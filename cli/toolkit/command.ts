import type { Command, CommandSpec, OptionSpecs } from './command-types.ts';
import { parseOptions } from './parse-options.ts';
import { commandHelp } from './usage.ts';

export const defineCommand = <const O extends OptionSpecs>(spec: CommandSpec<O>): Command => {
  const command: Command = {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    options: spec.options,
    execute: async (args, io) => {
      const parsed = parseOptions(spec.name, spec.options, args);
      if (parsed === 'help') {
        io.stdout(`${commandHelp(command)}\n`);
        return 0;
      }
      return spec.run(parsed, io);
    },
  };
  return command;
};
