import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-setup.ts', 'test/support/dynamodb-local-setup.ts'],
    // Integration files share one DynamoDB Local; each creates its own table.
    // The JSON report is what .ci/run counts its closing line from.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 30_000,
    // DynamoDB Local accepts any credentials; the SDK still wants some, and no real account is near.
    env: {
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
      // Never ask an instance metadata endpoint for credentials from a test.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    hookTimeout: 60_000,
  },
});
