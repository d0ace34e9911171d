import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  BUNDLES_FOLDER,
  FUNCTION_BUNDLES,
  functionCode,
  MissingBundleError,
} from '../../../infra/functions/function-bundles.ts';
import { HANDLER_RUNTIME } from '../../../infra/functions/node-function.ts';
import { PACKAGE_ROOT } from '../../../infra/package-root.ts';
import { BUNDLE_FILE, FUNCTION_ENTRIES, HANDLER_BUNDLING } from '../../../scripts/handler-bundling.ts';

describe('the function bundles', () => {
  it('are the ones the build writes, in dist/bundles of this package', () => {
    expect(Object.keys(FUNCTION_ENTRIES).sort()).toEqual([...FUNCTION_BUNDLES].sort());
    expect(BUNDLE_FILE).toBe('index.mjs');
    expect(BUNDLES_FOLDER).toBe(join(PACKAGE_ROOT, 'dist', 'bundles'));
  });

  it("are built for the functions' runtime", () => {
    expect(HANDLER_RUNTIME.name).toMatch(/^nodejs\d+\.x$/);
    expect(HANDLER_BUNDLING.target).toBe(HANDLER_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'));
  });

  it.each(FUNCTION_BUNDLES)('deploys %s from its own folder as an asset', (bundle) => {
    const config = functionCode(bundle).bind(new Stack());
    expect(config.s3Location?.objectKey).toMatch(/^[0-9a-f]{64}\.zip$/);
  });

  it('names the missing bundle and the command that builds it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'recipe-status-bundles-'));
    try {
      expect(() => functionCode('status', empty)).toThrow(MissingBundleError);
      expect(() => functionCode('status', empty)).toThrow(
        `the status function's bundle is missing from ${join(empty, 'status')}: run \`npm run build\``,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
