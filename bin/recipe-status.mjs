#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`; in a clone, `npm ci` builds it through `prepare`).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write(
    'recipe-status: the compiled CLI (dist/cli/main.js) is missing: run `npm run build` in the package folder\n',
  );
  process.exit(2);
}
// The locked SDK runs on Node.js 20; its notice about future releases is not for operators.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import(compiled.href);
await main(process.argv.slice(2));
