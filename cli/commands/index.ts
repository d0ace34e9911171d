import type { Command } from '../toolkit/command-types.ts';
import { demoCommand } from './operate/demo.ts';
import { redriveCommand } from './operate/redrive.ts';
import { rejectedCommand } from './operate/rejected.ts';
import { repairCommand } from './operate/repair.ts';
import { replayCommand } from './operate/replay.ts';
import { stopCommand } from './operate/stop.ts';
import { changesCommand } from './query/changes.ts';
import { companyCommand } from './query/company.ts';
import { deviceCommand } from './query/device.ts';
import { getCommand } from './query/get.ts';
import { historyCommand } from './query/history.ts';
import { orgCommand } from './query/org.ts';
import { stuckCommand } from './query/stuck.ts';
import { summaryCommand } from './query/summary.ts';
import { checkCommand } from './webhook/check.ts';
import { serveCommand } from './webhook/serve.ts';
import { signCommand } from './webhook/sign.ts';

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
