import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/dynamodb-local-setup.ts'],
    // Integration files share one DynamoDB Local; each creates its own table.
    // The JSON report is what .ci/run counts its closing line from.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 30_000,
    // DynamoDB Local accepts any credentials; the SDK still wants some, and no real account is near.
    env: { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' },
    hookTimeout: 60_000,
  },
});
