import { seededRandom } from './seed.ts';

/** Fisher–Yates with a seeded generator: the same seed gives the same order, for A/B runs and replays. */
export const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const copy = [...items];
  const random = seededRandom(seed);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};
