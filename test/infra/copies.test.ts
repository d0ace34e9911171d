import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { RecipeStatus } from '../../infra/recipe-status.ts';
import { RecipeStatusStack } from '../../infra/recipe-status-stack.ts';
import { CDK_JSON_CONTEXT } from '../support/synth.ts';

/** Properties that name a resource account-wide (per region): two copies must never share a value. */
const ACCOUNT_UNIQUE = [
  'Name',
  'AlarmName',
  'DashboardName',
  'TopicName',
  'QueueName',
  'TableName',
  'FunctionName',
  'RoleName',
  'LogGroupName',
  'ArchiveName',
  'StatementId',
  'AliasName',
];

/** Every account-unique name a template sets as a literal (a reference names a resource CloudFormation named uniquely). */
const accountUniqueNames = (stack: Stack): string[] =>
  Object.values(
    Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties?: object }>,
  ).flatMap(({ Type, Properties = {} }) =>
    Object.entries(Properties)
      .filter(([key, value]) => ACCOUNT_UNIQUE.includes(key) && typeof value === 'string')
      .map(([key, value]) => `${Type}.${key}=${String(value)}`),
  );

const duplicates = (names: readonly string[]): string[] =>
  names.filter((name, index) => names.indexOf(name) !== index);

describe('copies of the component', () => {
  const deprecated = process.env.JSII_DEPRECATED;
  // A deprecated API used during synthesis then throws instead of printing a warning.
  beforeAll(() => {
    process.env.JSII_DEPRECATED = 'fail';
  });
  afterAll(() => {
    process.env.JSII_DEPRECATED = deprecated;
  });

  it('in two stacks of one app (staging beside prod) share no account-unique name, with no deprecation warning', () => {
    // Prepare
    const context = { ...CDK_JSON_CONTEXT, [BUNDLING_STACKS]: [] };
    const stacks = ['RecipeStatus', 'RecipeStatusStaging'].map((stackName) =>
      buildApp({ ...context, stackName }).node.children.find((child) => child instanceof RecipeStatusStack),
    );
    // Act
    const names = stacks.flatMap((stack) => (stack === undefined ? [] : accountUniqueNames(stack)));
    // Assess
    expect(names.length).toBeGreaterThan(2 * 18);
    expect(duplicates(names)).toEqual([]);
  });

  it('twice in one stack share no account-unique name', () => {
    // Prepare
    const stack = new Stack(new App({ context: { ...CDK_JSON_CONTEXT, [BUNDLING_STACKS]: [] } }), 'Platform');
    new RecipeStatus(stack, 'RecipeStatus');
    new RecipeStatus(stack, 'RecipeStatusEu', { alarmNamePrefix: 'recipes-eu' });
    // Act
    const names = accountUniqueNames(stack);
    // Assess
    expect(names.filter((name) => name.startsWith('AWS::CloudWatch::Alarm.AlarmName'))).toHaveLength(2 * 24);
    expect(duplicates(names)).toEqual([]);
  });
});
