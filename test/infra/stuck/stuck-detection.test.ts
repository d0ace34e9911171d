import { describe, expect, it } from 'vitest';
import { synthesize } from '../../support/synth.ts';
import { type CfnResource, logicalIdOf, onlyResource } from '../template-queries.ts';

const detector = (template: ReturnType<typeof synthesize>['template']): [string, CfnResource] => {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, fn]) => fn.Properties.Environment?.Variables?.STUCK_THRESHOLD_MINUTES !== undefined,
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, CfnResource];
};

/** Every statement of the policies attached to a role, by the role's logical id. */
const statementsOf = (template: ReturnType<typeof synthesize>['template'], roleId: string) =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]);

describe('the stuck detector', () => {
  it('is not deployed with stuckThresholdMinutes=off', () => {
    const { template } = synthesize({ stuckThresholdMinutes: 'off' });
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toEqual([]);
  });

  const { template } = synthesize({ stuckThresholdMinutes: '1440' });
  const [fnId, fn] = detector(template);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const tableId = logicalIdOf(template, 'AWS::DynamoDB::Table');
  const busId = logicalIdOf(template, 'AWS::Events::EventBus');

  it('runs every 15 minutes from EventBridge Scheduler, whose role may invoke it and nothing else', () => {
    const schedule = onlyResource(template, 'AWS::Scheduler::Schedule');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    });
    const scheduleRoleId = (schedule.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } })
      .RoleArn['Fn::GetAtt'][0];
    expect(statementsOf(template, scheduleRoleId)).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } },
    ]);
    expect(fn.Properties.Environment).toMatchObject({
      Variables: {
        STUCK_THRESHOLD_MINUTES: '1440',
        EVENT_BUS_NAME: { Ref: busId },
        TABLE_NAME: { Ref: tableId },
      },
    });
  });

  it('may Query the Pending index and recipes, keep its markers, and put only its own source on the bus', () => {
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const statements = statementsOf(template, roleId).filter((s) => !JSON.stringify(s).includes('logs:'));
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: [tableArn, { 'Fn::Join': ['', [tableArn, '/index/byStatusCompany']] }],
        },
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: tableArn },
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
          Condition: { StringEquals: { 'events:source': 'recipe-status' } },
        },
      ]),
    );
    expect(statements).toHaveLength(3);
  });

  it("is one of the writers the bus's policy names", () => {
    const { Policy } = onlyResource(template, 'AWS::Events::EventBus').Properties as {
      Policy: {
        Statement: { Effect: string; Condition?: { ArnNotEquals: { 'aws:PrincipalArn': unknown[] } } }[];
      };
    };
    const deny = Policy.Statement.find((statement) => statement.Effect === 'Deny');
    expect(deny?.Condition?.ArnNotEquals['aws:PrincipalArn']).toContainEqual({
      'Fn::GetAtt': [roleId, 'Arn'],
    });
  });

  it('counts reported episodes in a metric with an alarm, and alarms on failed runs', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties,
    );
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'RecipesStuck',
        Namespace: 'RecipeStatus',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
        Threshold: 1,
      }),
    );
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      }),
    );
  });
});
