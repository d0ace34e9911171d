#!/usr/bin/env node
// Runs the CLI as compiled JavaScript. In a clone (cli/ beside this file) through cli/load-cli.mjs,
// which compiles the sources on first use into a cache any edit renews, so there is no build step to
// forget; in the installed package, from dist/, which `npm run build` compiled (no tsx, no esbuild).
import { existsSync } from 'node:fs';

const fromSources = new URL('../cli/load-cli.mjs', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);

// The locked SDK runs on Node.js 20; its notice about future releases is not for operators.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (process.env.RECIPE_STATUS_DEBUG !== undefined) process.setSourceMapsEnabled(true);
if (!existsSync(fromSources) && !existsSync(compiled)) {
  process.stderr.write(
    'recipe-status: the compiled CLI (dist/cli/main.js) is missing: run `npm run build` in the package folder\n',
  );
  process.exit(2);
}
const { main } = existsSync(fromSources)
  ? await (await import(fromSources.href)).loadCli()
  : await import(compiled.href);
await main(process.argv.slice(2));
