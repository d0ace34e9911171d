import { DEFAULT_STUCK_THRESHOLD_MINUTES } from '../../../lambda/stuck/config.ts';
import { stuckDetail } from '../../../lambda/stuck/detect-stuck.ts';
import { findStuckRecipes } from '../../../lambda/stuck/find-stuck.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { queriesFor } from '../../store/open-store.ts';
import { now } from '../../store/status-path.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { formatTable } from '../../toolkit/format-table.ts';
import { printResult } from '../../toolkit/io.ts';
import { noPositionals } from '../../toolkit/positionals.ts';

const MINUTES_PER = { m: 1, h: 60, d: 1_440 } as const;

/** `--older-than 90m | 24h | 7d` in milliseconds. */
const olderThanMs = (text: string | undefined): number => {
  if (text === undefined) return DEFAULT_STUCK_THRESHOLD_MINUTES * 60_000;
  const match = /^(\d+)([mhd])$/.exec(text);
  if (match === null) throw new CliError(`--older-than must be a duration (90m, 24h, 7d), got "${text}"`);
  return Number(match[1]) * MINUTES_PER[match[2] as keyof typeof MINUTES_PER] * 60_000;
};

/** `3d 4h 05m`: how long, for a person. */
const forHumans = (seconds: number): string => {
  const minutes = Math.floor(seconds / 60);
  const [d, h, m] = [Math.floor(minutes / 1_440), Math.floor((minutes % 1_440) / 60), minutes % 60];
  return `${d > 0 ? `${d}d ` : ''}${d > 0 || h > 0 ? `${h}h ` : ''}${String(m).padStart(2, '0')}m`;
};

export const stuckCommand = defineCommand({
  name: 'stuck',
  summary: "recipes Pending longer than a threshold, with how long each has been (the detector's view)",
  usage: '[--org <uid>] [--older-than <duration>]',
  options: {
    org: { type: 'string', description: "only this organization's recipes" },
    'older-than': { type: 'string', description: 'Pending at least this long: 90m, 24h, 7d (default 24h)' },
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const threshold = olderThanMs(values['older-than']);
    const at = now();
    const stuck = await withStore(values, (connection) =>
      findStuckRecipes(queriesFor(connection), {
        now: at,
        olderThanMs: threshold,
        organizationUid: values.org,
      }),
    );
    const details = stuck.map((recipe) => stuckDetail(recipe, threshold, at));
    const rows = details.map((d) => [
      d.recipeUid,
      d.organizationUid,
      d.deviceIdentityHash,
      d.pendingSince,
      forHumans(d.pendingForSeconds),
    ]);
    const headers = ['RECIPE', 'ORGANIZATION', 'DEVICE', 'PENDING SINCE', 'PENDING FOR'];
    printResult(io, values.json, rows.length === 0 ? '(none)' : formatTable(headers, rows), details);
    return 0;
  },
});
