import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { RecipeStatusStack } from './recipe-status-stack.ts';
import { readSettings, readStackName } from './settings/settings.ts';

/** The CDK app the tests build too: one stack from the `-c` settings, cdk-nag's packs as a gate. */
export const buildApp = (context: Readonly<Record<string, unknown>> = {}): App => {
  const app = new App({ context: { ...context } });
  new RecipeStatusStack(app, readStackName(app.node), {
    settings: readSettings(app.node),
    description: 'recipe-status: live status of signageOS provisioning recipes in DynamoDB',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return app;
};
