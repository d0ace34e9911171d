/** Fisher–Yates with a seeded generator: the same seed gives the same order, for A/B runs and replays. */
export const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const copy = [...items];
  let state = Math.abs(seed) % 2 ** 31;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};
