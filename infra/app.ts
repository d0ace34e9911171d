import { buildApp } from './build-app.ts';
import { SettingError } from './settings/setting-checks.ts';

// The app `cdk.json` runs; the CDK CLI has it synthesize when the process exits. A bad setting is one line, not a trace.
try {
  buildApp();
} catch (error) {
  if (!(error instanceof SettingError)) throw error;
  process.stderr.write(`recipe-status: ${error.message}\n`);
  process.exit(1);
}
