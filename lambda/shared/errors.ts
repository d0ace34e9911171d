/** A missing or malformed setting: the function cannot start, so it fails at load with the variable's name. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
