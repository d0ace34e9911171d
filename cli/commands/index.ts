import type { Command } from '../toolkit/command-types.ts';
import { changesCommand } from './changes.ts';
import { checkCommand } from './check.ts';
import { companyCommand } from './company.ts';
import { demoCommand } from './demo.ts';
import { deviceCommand } from './device.ts';
import { getCommand } from './get.ts';
import { historyCommand } from './history.ts';
import { orgCommand } from './org.ts';
import { redriveCommand } from './redrive.ts';
import { rejectedCommand } from './rejected.ts';
import { repairCommand } from './repair.ts';
import { replayCommand } from './replay.ts';
import { serveCommand } from './serve.ts';
import { signCommand } from './sign.ts';
import { stopCommand } from './stop.ts';
import { stuckCommand } from './stuck.ts';
import { summaryCommand } from './summary.ts';

/** Every command, in the order `--help` lists them. A new command is a module and one line here. */
export const COMMANDS: readonly Command[] = [
  replayCommand,
  getCommand,
  deviceCommand,
  orgCommand,
  companyCommand,
  summaryCommand,
  stuckCommand,
  historyCommand,
  rejectedCommand,
  changesCommand,
  serveCommand,
  signCommand,
  checkCommand,
  demoCommand,
  redriveCommand,
  repairCommand,
  stopCommand,
];
