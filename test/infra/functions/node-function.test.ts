import type { Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { HANDLER_RUNTIME } from '../../../infra/functions/node-function.ts';
import { synthesize } from '../../support/synth.ts';
import { type CfnResource, type GetAtt, statementsOf } from '../template-queries.ts';

const newestNodeRuntime = (): string => {
  const newest = Object.keys(Runtime)
    .map((name) => /^NODEJS_(\d+)_X$/.exec(name)?.[1])
    .filter((major): major is string => major !== undefined)
    .map(Number)
    .sort((a, b) => b - a)[0];
  return `nodejs${newest}.x`;
};

const functions = (template: Template): CfnResource[] =>
  Object.values(template.findResources('AWS::Lambda::Function')) as CfnResource[];

const logGroupOf = (fn: CfnResource): string =>
  (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;

describe("the component's functions", () => {
  const { template } = synthesize();

  it('are the four of the component: status, ingestion, change publisher, stuck detector', () => {
    expect(functions(template)).toHaveLength(4);
  });

  it("run on the newest Node.js runtime aws-cdk-lib offers, on arm64, with the bench's size", () => {
    expect(HANDLER_RUNTIME.name).toBe(newestNodeRuntime());
    for (const fn of functions(template)) {
      expect(fn.Properties).toMatchObject({
        Runtime: newestNodeRuntime(),
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 256,
      });
      // The stuck detector walks every Pending recipe once a run; the others answer one event.
      const variables = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      const stuckDetector = variables?.STUCK_THRESHOLD_MINUTES !== undefined;
      expect(fn.Properties.Timeout).toBe(stuckDetector ? 300 : 12);
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NODE_OPTIONS: '--enable-source-maps' },
      });
    }
  });

  it('each log to a log group of its own, kept 30 days', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    const used = functions(template).map((fn) => logGroupOf(fn));
    expect(new Set(used).size).toBe(4);
    expect(Object.keys(groups).sort()).toEqual([...used].sort());
    for (const group of Object.values(groups)) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('each have a role of its own, with no managed policy, that may write to its own log group only', () => {
    const roles = functions(template).map((fn) => (fn.Properties.Role as GetAtt)['Fn::GetAtt'][0]);
    expect(new Set(roles).size).toBe(4);
    for (const role of Object.values(template.findResources('AWS::IAM::Role')))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    for (const fn of functions(template)) {
      const logging = statementsOf(template, fn).filter((statement) =>
        statement.Action.some((action) => action.startsWith('logs:')),
      );
      expect(logging).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroupOf(fn), 'Arn'] },
        },
      ]);
    }
  });

  it('keep their logs as long as -c logRetentionDays says', () => {
    const { template: kept } = synthesize({ logRetentionDays: '90' });
    const groups = Object.values(kept.findResources('AWS::Logs::LogGroup'));
    expect(groups.map((group) => group.Properties.RetentionInDays)).toEqual([90, 90, 90, 90]);
  });
});
