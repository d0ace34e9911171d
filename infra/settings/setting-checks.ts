// How a `-c` setting's string is checked and turned into a value: one line naming the setting when it cannot be.
export class SettingError extends Error {
  override readonly name = 'SettingError';
}

/** A numeric setting's bounds, and the AWS limit they come from. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly limit: string;
}

export const given = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

export const boundedInteger = (name: string, raw: string | undefined, bounds: Bounds): number | undefined => {
  if (given(raw) === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max)
    throw new SettingError(
      `-c ${name} must be a whole number from ${bounds.min} to ${bounds.max} (${bounds.limit}), got "${raw}"`,
    );
  return value;
};

export const oneOf = <T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const found = allowed.find((value) => value === raw.toLowerCase());
  if (found === undefined)
    throw new SettingError(`-c ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return found;
};

/** Edits (insert, delete, replace, case aside) from one name to another. */
const distance = (from: string, to: string): number => {
  const a = from.toLowerCase();
  const b = to.toLowerCase();
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length] ?? 0;
};

/** Refuses a context key that is not a setting but looks like one (a plain word within 3 edits of a name). */
export const refuseLookalikes = (keys: readonly string[], names: readonly string[]): void => {
  for (const key of keys) {
    if (names.includes(key) || !/^[A-Za-z][A-Za-z0-9]*$/.test(key)) continue;
    const [nearest] = [...names].sort((a, b) => distance(key, a) - distance(key, b));
    if (nearest !== undefined && distance(key, nearest) <= 3)
      throw new SettingError(`-c ${key} is not a setting: did you mean -c ${nearest}?`);
  }
};
