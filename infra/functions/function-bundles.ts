// The functions' code, prebuilt by `npm run build` into dist/bundles/ and shipped in the package (docs/package.md).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PACKAGE_ROOT } from '../package-root.ts';

export const FUNCTION_BUNDLES = ['status', 'ingestion', 'changes', 'stuck'] as const;
export type FunctionBundle = (typeof FUNCTION_BUNDLES)[number];

export const BUNDLES_FOLDER = join(PACKAGE_ROOT, 'dist', 'bundles');
/** Each bundle is one ES module, `index.mjs`, exporting `handler`. */
export const BUNDLE_HANDLER = 'index.handler';

export class MissingBundleError extends Error {
  override readonly name = 'MissingBundleError';
}

export const functionCode = (bundle: FunctionBundle, bundlesFolder = BUNDLES_FOLDER): lambda.Code => {
  const folder = join(bundlesFolder, bundle);
  if (!existsSync(join(folder, 'index.mjs'))) {
    throw new MissingBundleError(
      `the ${bundle} function's bundle is missing from ${folder}: run \`npm run build\` in ${PACKAGE_ROOT}`,
    );
  }
  return lambda.Code.fromAsset(folder);
};
