#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on load, so there is no build step to forget.
import { register } from 'tsx/esm/api';

// The locked SDK runs on Node.js 20; its notice about future releases is not for operators.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli/main.ts');
await main(process.argv.slice(2));
