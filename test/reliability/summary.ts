import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { REPORT_DIR, type ReliabilityCounts } from './scale.ts';

/** Sums what each reliability test counted into the one closing line. */
const KEYS = [
  'deliveries',
  'faults',
  'lost',
  'regressed',
  'duplicated',
  'invalidWritten',
  'crashed',
] as const;
const totals = Object.fromEntries(KEYS.map((key) => [key, 0])) as Record<(typeof KEYS)[number], number>;
const files = existsSync(REPORT_DIR) ? readdirSync(REPORT_DIR).filter((file) => file.endsWith('.json')) : [];
let storm = '';
for (const file of files) {
  const counts: ReliabilityCounts = JSON.parse(readFileSync(`${REPORT_DIR}/${file}`, 'utf8'));
  for (const key of KEYS) totals[key] += counts[key];
  if (counts.storm !== undefined)
    storm = ` stormEvents=${counts.storm.events} stormDeadLettered=${counts.storm.deadLettered} stormDrainSeconds=${counts.storm.drainSeconds}`;
  if (counts.notes !== undefined)
    process.stdout.write(`${file.replace('.json', '')}: ${JSON.stringify(counts.notes)}\n`);
}
if (files.length === 0) process.stdout.write('reliability: no report was written: did the tests run?\n');
process.stdout.write(`reliability: ${KEYS.map((key) => `${key}=${totals[key]}`).join(' ')}${storm}\n`);
