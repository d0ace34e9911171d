import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

// The webhook secrets, from Secrets Manager, cached between invocations. Rotation uses Secrets Manager's
// staging labels: AWSCURRENT and AWSPREVIOUS both verify until the exporter has the new one.

export interface SecretCacheOptions {
  readonly client: SecretsManagerClient;
  readonly secretId: string;
  /** How long fetched secrets are used before fetching again. */
  readonly ttlMs?: number;
  /** A failed verification may refetch, but not more often than this. */
  readonly minRefreshIntervalMs?: number;
  readonly now?: () => number;
}

export interface SecretCache {
  secrets(): Promise<readonly string[]>;
  /** Refetches unless it just did: called when the cached secrets verify nothing. */
  refresh(): Promise<readonly string[]>;
}

export const createSecretCache = (options: SecretCacheOptions): SecretCache => {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 300_000;
  const minRefresh = options.minRefreshIntervalMs ?? 30_000;
  let cached: { secrets: readonly string[]; fetchedAt: number } | undefined;

  const version = async (stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> => {
    try {
      const output = await options.client.send(
        new GetSecretValueCommand({ SecretId: options.secretId, VersionStage: stage }),
      );
      return output.SecretString;
    } catch (error) {
      // A secret never rotated has no AWSPREVIOUS version.
      if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };

  const fetch = async () => {
    const [current, previous] = await Promise.all([version('AWSCURRENT'), version('AWSPREVIOUS')]);
    const secrets = [current, previous].filter(
      (secret): secret is string => secret !== undefined && secret !== '',
    );
    if (secrets.length === 0) throw new Error(`secret ${options.secretId} has no value`);
    cached = { secrets, fetchedAt: now() };
    return secrets;
  };

  return {
    secrets: async () => (cached !== undefined && now() - cached.fetchedAt < ttl ? cached.secrets : fetch()),
    refresh: async () =>
      cached !== undefined && now() - cached.fetchedAt < minRefresh ? cached.secrets : fetch(),
  };
};
