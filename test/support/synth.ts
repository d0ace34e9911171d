import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../infra/build-app.ts';
import { RecipeStatusStack } from '../../infra/recipe-status-stack.ts';
import type { RecipeStatusSettings } from '../../infra/settings/settings.ts';

/** The context `cdk.json` gives the app: the feature flags the deployed template is built with. */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

export interface Synthesized {
  readonly app: App;
  readonly stack: RecipeStatusStack;
  readonly template: Template;
}

export interface SynthesizeOptions {
  /**
   * Bundle the functions' code as `cdk synth` does. Off, the template is the same but
   * for the code's asset hash, and a synthesis takes a fraction of the time.
   * @default false
   */
  readonly bundle?: boolean;
}

/** The app `cdk.json` runs, built as `cdk synth -c …` builds it (the same buildApp, cdk.json's flags), not yet synthesized. */
export const buildTestApp = (
  settings: RecipeStatusSettings = {},
  options: SynthesizeOptions = {},
): { readonly app: App; readonly stack: RecipeStatusStack } => {
  const app = buildApp({
    ...CDK_JSON_CONTEXT,
    ...(options.bundle !== true && { [BUNDLING_STACKS]: [] }),
    ...settings,
  });
  const stack = app.node.children.find((child) => child instanceof RecipeStatusStack);
  if (stack === undefined) throw new Error('buildApp created no RecipeStatusStack');
  return { app, stack };
};

/** Synthesizes that app offline, cdk-nag's gate included: an unacknowledged finding throws. */
export const synthesize = (
  settings: RecipeStatusSettings = {},
  options: SynthesizeOptions = {},
): Synthesized => {
  const { app, stack } = buildTestApp(settings, options);
  return { app, stack, template: Template.fromStack(stack) };
};
