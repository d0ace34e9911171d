import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../cli/ensure-table.ts';
import { HANDLER_RUNTIME } from '../../infra/handler-bundling.ts';
import { synthesize } from '../support/synth.ts';

type CfnResource = { Properties: Record<string, unknown> };

const onlyResource = (template: Template, type: string): CfnResource => {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0] as CfnResource;
};

/** The status handler: the function that is given TABLE_NAME. */
const statusFunction = (template: Template): [string, CfnResource] => {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, fn]) => fn.Properties.Environment?.Variables?.TABLE_NAME !== undefined,
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, CfnResource];
};

/** The statements of the policy attached to a function's role. */
const statementsOf = (template: Template, fn: CfnResource): unknown[] => {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
  );
  const [policy] = policies;
  if (policies.length !== 1 || policy === undefined)
    throw new Error(`expected one policy on ${roleId}, found ${policies.length}`);
  return (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement;
};

const logicalIdOf = (template: Template, type: string, props: Record<string, unknown> = {}) => {
  const ids = Object.keys(template.findResources(type, props));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

describe('the stack with default settings', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize().template;
  });

  it("matches exactly our event's detail-type, from the ingestion's source", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.exact({
        source: ['signageos'],
        'detail-type': ['Device.ProvisioningRecipeStatusUpdated'],
      }),
    });
    expect(onlyResource(template, 'AWS::Events::Rule').Properties.EventBusName).toBeUndefined();
  });

  it('runs the handler on the newest Node.js runtime aws-cdk-lib offers, on arm64', () => {
    const newest = Object.keys(Runtime)
      .map((name) => /^NODEJS_(\d+)_X$/.exec(name)?.[1])
      .filter((major): major is string => major !== undefined)
      .map(Number)
      .sort((a, b) => b - a)[0];
    expect(HANDLER_RUNTIME.name).toBe(`nodejs${newest}.x`);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: `nodejs${newest}.x`,
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 12,
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
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [string, string] } } };
    };
    const destinationQueueId = invokeConfig.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logsId, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: { 'Fn::GetAtt': [destinationQueueId, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:GetItem'],
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      },
    ]);
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it("gives the rule's target a dead-letter queue and an explicit retry policy", () => {
    const rule = onlyResource(template, 'AWS::Events::Rule').Properties as {
      Targets: { DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string, string] } }; RetryPolicy: unknown }[];
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
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [string, string] } } };
    };
    const rule = onlyResource(template, 'AWS::Events::Rule').Properties as {
      Targets: { DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string, string] } } }[];
    };
    expect(invokeConfig.MaximumRetryAttempts).toBe(2);
    expect(invokeConfig.MaximumEventAgeInSeconds).toBe(6 * 3600);
    const failureQueueId = invokeConfig.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
    expect(failureQueueId).not.toBe(rule.Targets[0]?.DeadLetterConfig.Arn['Fn::GetAtt'][0]);
    expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toContain(failureQueueId);
  });

  it('encrypts both queues, keeps messages 14 days and refuses requests without TLS', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    for (const [queueId, queue] of Object.entries(queues)) {
      expect(queue.Properties).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
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

  it("keeps each function's logs in its own log group with a retention", () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.map((group) => group.Properties.RetentionInDays)).toEqual([30, 30]);
  });

  it('alarms on both dead-letter queues, errors, throttles, lost destinations and rejected events', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as { MetricName: string; Namespace: string; Threshold: number },
    );
    expect(alarms.map((alarm) => `${alarm.Namespace}/${alarm.MetricName}`).sort()).toEqual([
      'AWS/Lambda/DestinationDeliveryFailures',
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'RecipeStatus/EventsRejected',
      'RecipeStatus/PublishFailures',
      'RecipeStatus/SignatureFailures',
    ]);
    for (const alarm of alarms)
      expect(alarm.Threshold).toBe(alarm.MetricName === 'SignatureFailures' ? 10 : 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'RecipeStatus',
      MetricName: 'EventsRejected',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: statusFunction(template)[0] } }],
      Statistic: 'Sum',
    });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
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

  it('sends every alarm to an e-mail topic, and alarms when nothing was applied for 2 hours', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(9);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EventsApplied',
      Period: 7200,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('uses an existing topic given by ARN instead', () => {
    const arn = 'arn:aws:sns:eu-central-1:123456789012:oncall';
    const { template: withTopic } = synthesize({ alarmTopicArn: arn });
    withTopic.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of Object.values(withTopic.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([arn]);
    }
  });
});

describe('the ingestion endpoint', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ eventBus: 'signageos-events', eventSource: 'signageos.prod' }).template;
  });

  const ingestFunction = (): [string, CfnResource] => {
    const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([, fn]) => fn.Properties.Environment?.Variables?.WEBHOOK_SECRET_ARN !== undefined,
    );
    expect(found).toHaveLength(1);
    return found[0] as [string, CfnResource];
  };

  it('is a function URL without IAM auth (the signature authenticates), capped in concurrency', () => {
    const [fnId, fn] = ingestFunction();
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: 10,
    });
    expect(fn.Properties.Environment).toMatchObject({
      Variables: { EVENT_BUS_NAME: 'signageos-events', EVENT_SOURCE: 'signageos.prod' },
    });
    expect(Object.keys(template.findOutputs('*')).some((name) => name.includes('WebhookUrl'))).toBe(true);
  });

  it('may read its secret and put events on the one bus, and nothing else', () => {
    const [, fn] = ingestFunction();
    const secretId = logicalIdOf(template, 'AWS::SecretsManager::Secret');
    expect(
      (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.WEBHOOK_SECRET_ARN,
    ).toEqual({ Ref: secretId });
    const statements = statementsOf(template, fn) as { Action: string | string[]; Resource: unknown }[];
    expect(statements.map((statement) => [statement.Action].flat().sort())).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      ['events:PutEvents'],
    ]);
    expect(statements[1]?.Resource).toEqual({ Ref: secretId });
    expect(JSON.stringify(statements[2]?.Resource)).toContain(':event-bus/signageos-events');
  });

  it('alarms on signature failures and failed puts', () => {
    const [fnId] = ingestFunction();
    for (const metric of ['SignatureFailures', 'PublishFailures']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'RecipeStatus',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      });
    }
  });

  it('is left out with -c ingestion=false', () => {
    const { template: without } = synthesize({ ingestion: 'false' });
    without.resourceCountIs('AWS::Lambda::Url', 0);
    without.resourceCountIs('AWS::SecretsManager::Secret', 0);
    without.resourceCountIs('AWS::Lambda::Function', 1);
  });
});
