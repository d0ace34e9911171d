import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * How each function is bundled: the one definition the package build and the
 * benchmark both use, so the numbers `npm run bench` measures are those of the
 * code that deploys. The target follows the functions' runtime (Node.js 24, see
 * infra); a test holds the two together.
 */
export const HANDLER_BUNDLING = {
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  target: 'node24',
  minify: true,
  sourcemap: true,
  // ESM entry points of the AWS SDK tree-shake; CommonJS ones do not.
  mainFields: ['module', 'main'],
  // Some SDK dependencies still call require(); ESM output has none without this.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  // The SDK copy in the runtime is not pinned; bundling it pins it and (measured by
  // `npm run bench`, init.sdkExternalRatio) does not start slower.
  external: [],
  // Lambda gives the function its credentials in environment variables: bundle only
  // that provider, not the whole default chain (see lambda/shared/lambda-credentials.ts).
  alias: {
    '@aws-sdk/credential-provider-node': fileURLToPath(
      new URL('../lambda/shared/lambda-credentials.ts', import.meta.url),
    ),
  },
  logLevel: 'warning' as const,
} satisfies BuildOptions;

/** The functions the construct deploys: the folder name of each bundle and its handler module. */
export const FUNCTION_ENTRIES = {
  status: fileURLToPath(new URL('../lambda/status/handler.ts', import.meta.url)),
  ingestion: fileURLToPath(new URL('../lambda/ingestion/handler.ts', import.meta.url)),
  changes: fileURLToPath(new URL('../lambda/changes/handler.ts', import.meta.url)),
  stuck: fileURLToPath(new URL('../lambda/stuck/handler.ts', import.meta.url)),
} as const;

/** The file name inside each bundle folder; the functions' handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';
