#!/usr/bin/env node
// The CLI is TypeScript, compiled on first use into a cache that any edit of its sources renews
// (cli/load-cli.mjs), so there is no build step to forget.

// The locked SDK runs on Node.js 20; its notice about future releases is not for operators.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (process.env.RECIPE_STATUS_DEBUG !== undefined) process.setSourceMapsEnabled(true);
const { loadCli } = await import('../cli/load-cli.mjs');
const { main } = await loadCli();
await main(process.argv.slice(2));
