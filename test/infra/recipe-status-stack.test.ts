import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../dynamodb-local/ensure-table.ts';
import { synthesize } from '../support/synth.ts';
import { type GetAtt, logicalIdOf, onlyResource, statementsOf, statusFunction } from './template-queries.ts';

type CfnTagged = { Type: string; Properties?: { Tags?: unknown[] } };
const COMPONENT = { Key: 'component', Value: 'recipe-status' };

describe('the stack with default settings', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize().template;
  });

  it("matches exactly our event's detail-type, from the ingestion's source in this account, on its own bus", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.exact({
        source: ['signageos'],
        account: [{ Ref: 'AWS::AccountId' }],
        'detail-type': ['Device.ProvisioningRecipeStatusUpdated'],
      }),
    });
    expect(onlyResource(template, 'AWS::Events::Rule').Properties.EventBusName).toEqual({
      Ref: logicalIdOf(template, 'AWS::Events::EventBus'),
    });
  });

  it('wires TABLE_NAME to the table and sets no endpoint of its own', () => {
    const tableId = logicalIdOf(template, 'AWS::DynamoDB::Table');
    const [, fn] = statusFunction(template);
    expect(fn.Properties.Environment).toEqual({
      Variables: { TABLE_NAME: { Ref: tableId }, NODE_OPTIONS: '--enable-source-maps' },
    });
  });

  it('grants the function exactly PutItem and GetItem on the table, its log group and the failure queue', () => {
    const tableId = logicalIdOf(template, 'AWS::DynamoDB::Table');
    const [, fn] = statusFunction(template);
    const logsId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const statements = statementsOf(template, fn);
    const invokeConfig = onlyResource(template, 'AWS::Lambda::EventInvokeConfig').Properties as {
      DestinationConfig: { OnFailure: { Destination: GetAtt } };
    };
    const destinationQueueId = invokeConfig.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(statements).toHaveLength(3);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logsId, 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: ['sqs:SendMessage'],
          Resource: { 'Fn::GetAtt': [destinationQueueId, 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        },
      ]),
    );
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it("gives the rule's target a dead-letter queue and an explicit retry policy", () => {
    const rule = onlyResource(template, 'AWS::Events::Rule').Properties as {
      Targets: { DeadLetterConfig: { Arn: GetAtt }; RetryPolicy: unknown }[];
    };
    expect(rule.Targets).toHaveLength(1);
    const [target] = rule.Targets;
    expect(target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 });
    const dlqId = target?.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toContain(dlqId);
  });

  it('sends events the function failed on to a separate on-failure queue after 2 retries', () => {
    const invokeConfig = onlyResource(template, 'AWS::Lambda::EventInvokeConfig').Properties as {
      MaximumRetryAttempts: number;
      MaximumEventAgeInSeconds: number;
      DestinationConfig: { OnFailure: { Destination: GetAtt } };
    };
    const rule = onlyResource(template, 'AWS::Events::Rule').Properties as {
      Targets: { DeadLetterConfig: { Arn: GetAtt } }[];
    };
    expect(invokeConfig.MaximumRetryAttempts).toBe(2);
    expect(invokeConfig.MaximumEventAgeInSeconds).toBe(6 * 3600);
    const failureQueueId = invokeConfig.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(failureQueueId).not.toBe(rule.Targets[0]?.DeadLetterConfig.Arn['Fn::GetAtt'][0]);
    expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toContain(failureQueueId);
  });

  it('encrypts every queue, keeps messages 14 days and refuses requests without TLS', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(3);
    for (const [queueId, queue] of Object.entries(queues)) {
      expect(queue.Properties).toEqual({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
        Tags: [{ Key: 'component', Value: 'recipe-status' }],
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('lets only the rule send to its dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('builds the table from the single table definition, protected and encrypted', () => {
    const expected = createTableInput('unused');
    const table = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      KeySchema: expected.KeySchema,
      GlobalSecondaryIndexes: expected.GlobalSecondaryIndexes,
    });
    const byName = (list: unknown) =>
      [...(list as { AttributeName: string }[])].sort((a, b) =>
        a.AttributeName.localeCompare(b.AttributeName),
      );
    expect(byName(table.Properties.AttributeDefinitions)).toEqual(byName(expected.AttributeDefinitions));
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('tags every resource that takes tags with the component, the stateful ones and the functions among them', () => {
    const resources = Object.values(template.toJSON().Resources as Record<string, CfnTagged>);
    const tagged = resources.filter(({ Properties }) => Properties?.Tags !== undefined);
    for (const { Properties } of tagged) expect(Properties?.Tags).toContainEqual(COMPONENT);
    expect(new Set(tagged.map(({ Type }) => Type))).toEqual(
      new Set([
        'AWS::DynamoDB::Table',
        'AWS::SQS::Queue',
        'AWS::SecretsManager::Secret',
        'AWS::Events::EventBus',
        'AWS::Events::Rule',
        'AWS::SNS::Topic',
        'AWS::KMS::Key',
        'AWS::Lambda::Function',
        'AWS::Lambda::EventSourceMapping',
        'AWS::IAM::Role',
        'AWS::Logs::LogGroup',
        'AWS::CloudWatch::Alarm',
        'AWS::CloudWatch::Dashboard',
      ]),
    );
  });

  it('outputs the table, function, both queue URLs and the rule ARN', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    for (const name of [
      'TableName',
      'FunctionName',
      'RuleDeadLetterQueueUrl',
      'FailureQueueUrl',
      'RuleArn',
    ]) {
      expect(outputs.some((output) => output.includes(name))).toBe(true);
    }
  });
});

describe('the stack with every setting given', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({
      eventBus: 'signageos-events',
      sources: 'signageos, signageos.staging',
      tableRemovalPolicy: 'destroy',
      deletionProtection: 'false',
      alarmEmail: 'oncall@example.com',
      logRetentionDays: '90',
      historyRetentionDays: '400',
      rejectedRetentionDays: '30',
      noAppliedEventsAlarmMinutes: '120',
    }).template;
  });

  it('listens on the named bus for the listed sources only', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'signageos-events',
      EventPattern: Match.exact({
        source: ['signageos', 'signageos.staging'],
        account: [{ Ref: 'AWS::AccountId' }],
        'detail-type': ['Device.ProvisioningRecipeStatusUpdated'],
      }),
    });
  });

  it('lets the table be destroyed when asked', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('passes retentions to the function and the log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ HISTORY_RETENTION_DAYS: '400', REJECTED_RETENTION_DAYS: '30' }),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});
