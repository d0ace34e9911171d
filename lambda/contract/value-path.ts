/** Reads a string at a path of an unvalidated value, e.g. `detail.id` of an event that failed validation. */
export const stringAt = (input: unknown, ...path: string[]): string | undefined => {
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = Reflect.get(value, key);
  }
  return typeof value === 'string' ? value : undefined;
};
