import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type RecipeStatusSettings, RecipeStatusStack } from '../../infra/recipe-status-stack.ts';

export interface Synthesized {
  readonly app: App;
  readonly stack: RecipeStatusStack;
  readonly template: Template;
}

/** Synthesizes the stack as `cdk synth -c …` would, offline. */
export const synthesize = (settings: RecipeStatusSettings = {}): Synthesized => {
  const app = new App();
  const stack = new RecipeStatusStack(app, 'RecipeStatusTest', { settings });
  return { app, stack, template: Template.fromStack(stack) };
};
