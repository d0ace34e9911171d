import { buildApp } from './build-app.ts';

/** The app `cdk.json` runs; the CDK CLI has it synthesize when the process exits. */
buildApp();
