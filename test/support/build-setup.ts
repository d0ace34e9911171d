import { buildIfStale } from '../../scripts/build.ts';

/**
 * Tests spawn the `recipe-status` bin, which runs the compiled dist/, and synthesize
 * the construct, which deploys dist/bundles/: both are built again first when a
 * source changed since the last build (`npm ci` built them through `prepare`).
 */
export default async function setup() {
  await buildIfStale();
}
