import { ConfigurationError } from './errors.ts';

// Reading a function's settings from its environment, failing with the variable's name.

export type Environment = Readonly<Record<string, string | undefined>>;

export const optionalPositiveInteger = (env: Environment, name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`${name} must be a whole number above 0, got "${raw}"`);
  }
  return value;
};

export const requiredString = (env: Environment, name: string, what: string): string => {
  const value = env[name];
  if (value === undefined || value.trim() === '')
    throw new ConfigurationError(`${name} is not set: it must ${what}`);
  return value;
};

export const optionalString = (env: Environment, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
};
