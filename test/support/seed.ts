/**
 * Every random choice a test makes derives from one seed: TEST_SEED from the
 * environment, or a fixed default, so any run can be replayed exactly with
 * `TEST_SEED=<n> npx vitest run <file>`.
 */

const DEFAULT_SEED = 20_261_126;
const MAX_SEED = 2 ** 32 - 1;

export const readSeed = (value: string | undefined): number => {
  if (value === undefined || value.trim() === '') return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new Error(`TEST_SEED must be a whole number from 0 to ${MAX_SEED}, got ${JSON.stringify(value)}`);
  }
  return seed;
};

export const TEST_SEED = readSeed(process.env.TEST_SEED);

/** Mulberry32: uniform numbers in [0, 1), the same sequence for the same seed (taken modulo 2^32). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
};

export const seededBytes = (random: () => number, length: number): Buffer =>
  Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
