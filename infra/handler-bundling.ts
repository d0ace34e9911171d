import { fileURLToPath } from 'node:url';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How the handler is bundled, shared by the stack and the benchmark so the
 * numbers measured are those of what deploys.
 */
export const HANDLER_RUNTIME = Runtime.NODEJS_24_X;

export const HANDLER_BUNDLING = {
  minify: true,
  sourceMap: true,
  target: 'node24',
  format: OutputFormat.ESM,
  // ESM entry points of the AWS SDK tree-shake; CommonJS ones do not.
  mainFields: ['module', 'main'],
  // Some SDK dependencies still call require(); ESM output has none without this.
  banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  // The SDK copy in the runtime is not pinned; bundling it pins it and (measured by
  // `npm run bench`, init.sdkExternalRatio) does not start slower.
  bundleAwsSDK: true,
  externalModules: [],
  esbuildArgs: {
    // Lambda gives the function its credentials in environment variables: bundle only
    // that provider, not the whole default chain (see lambda/shared/lambda-credentials.ts).
    '--alias:@aws-sdk/credential-provider-node': fileURLToPath(
      new URL('../lambda/shared/lambda-credentials.ts', import.meta.url),
    ),
  },
} as const satisfies BundlingOptions;
