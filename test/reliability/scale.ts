import { mkdirSync, writeFileSync } from 'node:fs';

/** `npm test` runs the reliability suite small; `npm run test:reliability` at full counts. */
export const FULL = process.env.RELIABILITY === 'full';
export const scaled = (full: number, quick: number): number => (FULL ? full : quick);

/** What a reliability test counted, summed by test/reliability/summary.ts. Never literals. */
export interface ReliabilityCounts {
  deliveries: number;
  faults: number;
  lost: number;
  regressed: number;
  duplicated: number;
  invalidWritten: number;
  crashed: number;
  notes?: Record<string, number | string>;
  /** Set by the storm test; its figures join the closing line. */
  storm?: { events: number; deadLettered: number; drainSeconds: number };
}

export const emptyCounts = (): ReliabilityCounts => ({
  deliveries: 0,
  faults: 0,
  lost: 0,
  regressed: 0,
  duplicated: 0,
  invalidWritten: 0,
  crashed: 0,
});

export const REPORT_DIR = 'test-results/reliability';

export const report = (name: string, counts: ReliabilityCounts): void => {
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(`${REPORT_DIR}/${name}.json`, JSON.stringify(counts));
};
