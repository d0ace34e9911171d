import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretCache } from '../../../lambda/ingestion/webhook-secrets.ts';

const secretsManager = mockClient(SecretsManagerClient);
let clock = 0;
const cache = () =>
  createSecretCache({
    client: new SecretsManagerClient({ region: 'eu-central-1' }),
    secretId: 'webhook',
    ttlMs: 300_000,
    minRefreshIntervalMs: 30_000,
    now: () => clock,
  });

beforeEach(() => {
  secretsManager.reset();
  clock = 0;
});

const stages = (current: string, previous?: string) => {
  secretsManager
    .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
    .resolves({ SecretString: current });
  if (previous === undefined) {
    secretsManager
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
  } else {
    secretsManager
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .resolves({ SecretString: previous });
  }
};

describe('the webhook secret cache', () => {
  it('holds both the current and the previous secret during a rotation', async () => {
    stages('new-secret', 'old-secret');
    expect(await cache().secrets()).toEqual(['new-secret', 'old-secret']);
  });

  it('holds the current secret alone before any rotation', async () => {
    stages('only-secret');
    expect(await cache().secrets()).toEqual(['only-secret']);
  });

  it('fetches once per TTL, not per request', async () => {
    stages('s1');
    const secrets = cache();
    await secrets.secrets();
    clock = 299_000;
    await secrets.secrets();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    clock = 300_001;
    await secrets.secrets();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(4);
  });

  it('refetches on demand after a rotation, but at most every 30 s', async () => {
    stages('old-secret');
    const secrets = cache();
    await secrets.secrets();
    stages('new-secret', 'old-secret');
    clock = 10_000;
    expect(await secrets.refresh()).toEqual(['old-secret']);
    clock = 30_001;
    expect(await secrets.refresh()).toEqual(['new-secret', 'old-secret']);
  });

  it('fails loudly when the secret cannot be read', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDenied'));
    await expect(cache().secrets()).rejects.toThrow('AccessDenied');
  });
});
