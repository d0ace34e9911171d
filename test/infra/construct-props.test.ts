import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { RecipeStatus, type RecipeStatusProps } from '../../infra/recipe-status.ts';
import { STATUS_DEFAULT_RESERVED_CONCURRENCY } from '../../lambda/shared/function-limits.ts';
import {
  type CfnResource,
  ingestFunction,
  logicalIdOf,
  onlyResource,
  type Statement,
  statementsOf,
  statusFunction,
} from './template-queries.ts';

/** The props a platform team sets on the construct in its own CDK app, as that app would. */

const ENV = { account: '111111111111', region: 'eu-west-1' };

const synth = (props: (stack: Stack) => RecipeStatusProps = () => ({})) => {
  const stack = new Stack(new App(), 'Platform', { env: ENV });
  const construct = new RecipeStatus(stack, 'RecipeStatus', props(stack));
  return { stack, construct, template: Template.fromStack(stack) };
};

const alarmThreshold = (template: Template, id: string): unknown =>
  Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([logicalId]) =>
    logicalId.startsWith(`RecipeStatusAlarms${id}`),
  )?.[1].Properties.Threshold;

/** An ARN as the template spells it: the partition is the stack's pseudo parameter. */
const inPartition = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

const kmsStatements = (statements: Statement[]) =>
  statements.filter((statement) => statement.Action.some((action) => action.startsWith('kms:')));

describe('the construct sized by a platform team', () => {
  it('gives the status function 256 MB, 12 s and its reserved concurrency by default', () => {
    const { template } = synth();
    expect(statusFunction(template)[1].Properties).toMatchObject({
      MemorySize: 256,
      Timeout: 12,
      ReservedConcurrentExecutions: STATUS_DEFAULT_RESERVED_CONCURRENCY,
    });
    expect(ingestFunction(template)[1].Properties).toMatchObject({
      MemorySize: 256,
      Timeout: 12,
      ReservedConcurrentExecutions: 10,
    });
  });

  it('sizes each function on its own', () => {
    const { template } = synth(() => ({
      statusFunction: { memorySize: 512, timeout: Duration.seconds(20), reservedConcurrency: 25 },
      ingestion: { memorySize: 1024, timeout: Duration.seconds(30), reservedConcurrency: 5 },
    }));
    expect(statusFunction(template)[1].Properties).toMatchObject({
      MemorySize: 512,
      Timeout: 20,
      ReservedConcurrentExecutions: 25,
    });
    expect(ingestFunction(template)[1].Properties).toMatchObject({
      MemorySize: 1024,
      Timeout: 30,
      ReservedConcurrentExecutions: 5,
    });
  });

  it('reserves no concurrency for a function told `false`, for a small account', () => {
    const { template } = synth(() => ({
      statusFunction: { reservedConcurrency: false },
      ingestion: { reservedConcurrency: false },
    }));
    expect(statusFunction(template)[1].Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(ingestFunction(template)[1].Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('raises the alarms it is told to at their thresholds, and a dead letter always at one', () => {
    const { template } = synth(() => ({
      alarmThresholds: { errors: 3, asyncBacklogMinutes: 5, rejectedEvents: 2 },
      ingestion: { signatureFailuresAlarmThreshold: 4, publishFailuresAlarmThreshold: 2 },
    }));
    expect(alarmThreshold(template, 'ErrorsAlarm')).toBe(3);
    expect(alarmThreshold(template, 'AsyncBacklogAlarm')).toBe(5 * 60_000);
    expect(alarmThreshold(template, 'RejectedEventsAlarm')).toBe(2);
    expect(alarmThreshold(template, 'SignatureFailuresAlarm')).toBe(4);
    expect(alarmThreshold(template, 'PublishFailuresAlarm')).toBe(2);
    expect(alarmThreshold(template, 'RuleDeadLetterAlarm')).toBe(1);
    expect(alarmThreshold(template, 'FailureQueueAlarm')).toBe(1);
    expect(alarmThreshold(template, 'DestinationDeliveryFailuresAlarm')).toBe(1);
  });

  it('refuses a threshold that would alarm on nothing, naming the alarm', () => {
    expect(() => synth(() => ({ alarmThresholds: { errors: 0 } }))).toThrow(
      'ErrorsAlarm: a threshold must be a whole number of at least 1, got 0',
    );
    expect(() => synth(() => ({ alarmThresholds: { asyncBacklogMinutes: 2.5 } }))).toThrow(
      /AsyncBacklogAlarm/,
    );
  });
});

describe('the construct with a customer-managed key', () => {
  const { template } = synth((scope) => ({
    encryptionKey: new kms.Key(scope, 'PlatformKey', { enableKeyRotation: true }),
  }));
  const keyArn = { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key'), 'Arn'] };

  it('encrypts everything that keeps data with it: table, queues, log groups, topics, bus, archive, secret', () => {
    const topics = Object.values(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(2);
    for (const topic of topics) expect(topic.Properties.KmsMasterKeyId).toEqual(keyArn);
    expect(onlyResource(template, 'AWS::Events::EventBus').Properties.KmsKeyIdentifier).toEqual(keyArn);
    expect(onlyResource(template, 'AWS::Events::Archive').Properties.KmsKeyIdentifier).toEqual(keyArn);
    expect(onlyResource(template, 'AWS::SecretsManager::Secret').Properties.KmsKeyId).toEqual(keyArn);
    expect(onlyResource(template, 'AWS::DynamoDB::Table').Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: keyArn,
    });
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(3);
    for (const queue of queues) expect(queue.Properties.KmsMasterKeyId).toEqual(keyArn);
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(4);
    for (const group of groups) expect(group.Properties.KmsKeyId).toEqual(keyArn);
  });

  it("lets CloudWatch Logs and EventBridge use it in this account, by the key's policy", () => {
    const key = onlyResource(template, 'AWS::KMS::Key');
    const statements = (key.Properties.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': inPartition(':logs:eu-west-1:111111111111:log-group:*'),
        },
      },
    });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { ArnLike: { 'aws:SourceArn': inPartition(':events:eu-west-1:111111111111:rule/*') } },
    });
  });

  it('lets the status function use it through DynamoDB, and through SQS for its failure queue', () => {
    const [, fn] = statusFunction(template);
    const statements = kmsStatements(statementsOf(template, fn));
    expect(statements).toHaveLength(2);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
        },
        // What SQS asks of a producer on an encrypted queue: Lambda sends a failed event as the function.
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
        },
      ]),
    );
  });

  it('lets EventBridge use it for the bus and its archive, bound to this bus', () => {
    const key = onlyResource(template, 'AWS::KMS::Key');
    const statements = (key.Properties.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;
    const { Name } = onlyResource(template, 'AWS::Events::EventBus').Properties as { Name: string };
    const busArn = inPartition(`:events:eu-west-1:111111111111:event-bus/${Name}`);
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': busArn } },
    });
  });

  it('lets the ingestion function decrypt the generated secret with it, through Secrets Manager only', () => {
    const [, fn] = ingestFunction(template);
    expect(kmsStatements(statementsOf(template, fn))).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keyArn,
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
    ]);
  });
});

describe('the construct without a key', () => {
  const { template } = synth();

  it('uses the keys AWS manages, and grants no KMS action', () => {
    // SSEEnabled without a key id: DynamoDB's AWS managed key.
    expect(onlyResource(template, 'AWS::DynamoDB::Table').Properties.SSESpecification).toEqual({
      SSEEnabled: true,
    });
    for (const queue of Object.values(template.findResources('AWS::SQS::Queue')) as CfnResource[])
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup')))
      expect(group.Properties.KmsKeyId).toBeUndefined();
    for (const [, fn] of [statusFunction(template), ingestFunction(template)])
      expect(kmsStatements(statementsOf(template, fn))).toEqual([]);
  });

  it("takes an imported key as it is: its policy is its owner's", () => {
    const arn = 'arn:aws:kms:eu-west-1:111111111111:key/0b7e3a5e-1111-4222-8333-944455556666';
    const { template: imported } = synth((scope) => ({
      encryptionKey: kms.Key.fromKeyArn(scope, 'Imported', arn),
    }));
    expect(imported.findResources('AWS::KMS::Key')).toEqual({});
    expect(onlyResource(imported, 'AWS::DynamoDB::Table').Properties.SSESpecification).toMatchObject({
      KMSMasterKeyId: arn,
    });
  });
});

describe('the construct with a webhook secret under a customer-managed key', () => {
  it('lets the ingestion function decrypt an imported one when its key is passed, as docs/package.md says', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/0b7e3a5e-1111-4222-8333-944455556666';
    const { template } = synth((scope) => ({
      ingestion: {
        webhookSecret: secretsmanager.Secret.fromSecretAttributes(scope, 'Imported', {
          secretCompleteArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:signageos-AbCdEf',
          encryptionKey: kms.Key.fromKeyArn(scope, 'ImportedKey', keyArn),
        }),
      },
    }));
    const [, fn] = ingestFunction(template);
    expect(kmsStatements(statementsOf(template, fn))).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keyArn,
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  it('lets the ingestion function decrypt it through Secrets Manager only', () => {
    const { template } = synth((scope) => ({
      ingestion: {
        webhookSecret: new secretsmanager.Secret(scope, 'Secret', {
          encryptionKey: new kms.Key(scope, 'SecretKey', { enableKeyRotation: true }),
        }),
      },
    }));
    const [, fn] = ingestFunction(template);
    const statements = kmsStatements(statementsOf(template, fn));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Action: ['kms:Decrypt'],
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
    expect(JSON.stringify(statements[0]?.Resource)).toContain('SecretKey');
  });
});
