import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type RecipeStatusSettings, RecipeStatusStack, SETTING_NAMES } from './recipe-status-stack.ts';

/** The CDK app of `cdk.json`: one stack, settings from `-c key=value`, cdk-nag as a gate. */
const app = new App();

const settings: Record<string, string> = {};
for (const name of SETTING_NAMES) {
  const value: unknown = app.node.tryGetContext(name);
  if (value !== undefined) settings[name] = String(value);
}
const stackName: unknown = app.node.tryGetContext('stackName');

new RecipeStatusStack(app, typeof stackName === 'string' ? stackName : 'RecipeStatus', {
  settings: settings satisfies RecipeStatusSettings,
  description: 'recipe-status: live status of signageOS provisioning recipes in DynamoDB',
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
