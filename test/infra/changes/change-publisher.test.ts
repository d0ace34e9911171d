import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { RecipeStatus } from '../../../infra/recipe-status.ts';
import { matchesEventPattern } from '../../../lambda/contract/event-pattern.ts';
import { synthesize } from '../../support/synth.ts';
import { type CfnResource, logicalIdOf, onlyResource, statementsOf } from '../template-queries.ts';

const GET_ATT = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

/** The function the table stream's event source mapping invokes. */
const publisherOf = (template: Template): [string, CfnResource] => {
  const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping');
  const id = String((mapping.Properties.FunctionName as { Ref: string }).Ref);
  const fn = template.findResources('AWS::Lambda::Function')[id];
  if (fn === undefined) throw new Error(`no function ${id}`);
  return [id, fn as CfnResource];
};

const queueIdOf = (template: Template, prefix: string): string => {
  const ids = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

/** A change event as the publisher puts it, in its EventBridge envelope. */
const changeEvent = (account: string) => ({
  source: 'recipe-status',
  'detail-type': 'RecipeStatus.Changed',
  account,
  detail: { recipeUid: 'rcp-1', status: 'Failed', previousStatus: 'Pending' },
});

describe('change events, in the default stack', () => {
  const { template } = synthesize();
  const tableId = logicalIdOf(template, 'AWS::DynamoDB::Table');
  const failureQueueId = queueIdOf(template, 'RecipeStatusChangeFailureQueue');

  it('come from the table stream, with old and new images', () => {
    expect(onlyResource(template, 'AWS::DynamoDB::Table').Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('are read by a mapping that bisects, retries, and describes what fails in its own failure queue within the retention', () => {
    const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping').Properties;
    expect(mapping).toMatchObject({
      EventSourceArn: GET_ATT(tableId, 'StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: GET_ATT(failureQueueId, 'Arn') } },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: ['CURRENT'] } } } }) }],
      },
    });
    expect(mapping.MaximumRecordAgeInSeconds).toBeLessThan(24 * 3600);
  });

  it('are put by a function that may put only its own source and detail type, and read only the stream', () => {
    const [, fn] = publisherOf(template);
    const busId = logicalIdOf(template, 'AWS::Events::EventBus');
    expect(fn.Properties.Environment).toMatchObject({ Variables: { EVENT_BUS_NAME: { Ref: busId } } });
    const statements = statementsOf(template, fn).filter(
      (statement) => !statement.Action[0]?.startsWith('logs:'),
    );
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: GET_ATT(failureQueueId, 'Arn'),
      },
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        Resource: GET_ATT(tableId, 'StreamArn'),
      },
      {
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: GET_ATT(busId, 'Arn'),
        Condition: {
          StringEquals: { 'events:source': 'recipe-status', 'events:detail-type': 'RecipeStatus.Changed' },
        },
      },
    ]);
  });

  it('are put on a bus whose policy names the publisher as a writer', () => {
    const [, fn] = publisherOf(template);
    const { Policy } = onlyResource(template, 'AWS::Events::EventBus').Properties as {
      Policy: { Statement: { Condition?: { ArnNotEquals: { 'aws:PrincipalArn': unknown[] } } }[] };
    };
    const writers = Policy.Statement.flatMap(
      (statement) => statement.Condition?.ArnNotEquals['aws:PrincipalArn'] ?? [],
    );
    expect(writers).toContainEqual(fn.Properties.Role);
  });

  it('page when records fail, the stream ages, the function throws or its destination fails', () => {
    const watched = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => `${alarm.Properties.MetricName} ${JSON.stringify(alarm.Properties.Dimensions)}`,
    );
    const [publisherId] = publisherOf(template);
    const onQueue = JSON.stringify([{ Name: 'QueueName', Value: GET_ATT(failureQueueId, 'QueueName') }]);
    const onFunction = JSON.stringify([{ Name: 'FunctionName', Value: { Ref: publisherId } }]);
    expect(watched).toEqual(
      expect.arrayContaining([
        `ApproximateNumberOfMessagesVisible ${onQueue}`,
        `IteratorAge ${onFunction}`,
        `Errors ${onFunction}`,
        `DestinationDeliveryFailures ${onFunction}`,
      ]),
    );
  });

  it('are never matched by the status rule, whose sources may not name them', () => {
    const pattern = onlyResource(template, 'AWS::Events::Rule').Properties.EventPattern as Record<
      string,
      unknown
    >;
    // The account is the stack's (a token here): the event comes from this account, so it is left out.
    const { account: _, ...rest } = pattern;
    expect(rest['detail-type']).toEqual(['Device.ProvisioningRecipeStatusUpdated']);
    expect(matchesEventPattern(rest, changeEvent('123456789012'))).toBe(false);
    expect(() => synthesize({ sources: 'signageos,recipe-status' })).toThrow(/only its publishers may put/);
  });
});

describe('the publisher with a customer-managed key', () => {
  it('may decrypt the stream through DynamoDB and write its failure queue through SQS, nothing more', () => {
    // Prepare
    const stack = new Stack(new App(), 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
    const encryptionKey = new kms.Key(stack, 'PlatformKey', { enableKeyRotation: true });

    // Act
    new RecipeStatus(stack, 'RecipeStatus', { encryptionKey });

    // Assess
    const template = Template.fromStack(stack);
    const keyArn = GET_ATT(logicalIdOf(template, 'AWS::KMS::Key'), 'Arn');
    const [, fn] = publisherOf(template);
    const kmsStatements = statementsOf(template, fn).filter((statement) =>
      statement.Action.some((action) => action.startsWith('kms:')),
    );
    expect(kmsStatements).toHaveLength(2);
    expect(kmsStatements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
        },
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: keyArn,
          Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
        },
      ]),
    );
  });
});

describe('the notify prop', () => {
  it('sends the changes into one status, of the organizations named, to a topic, by one rule', () => {
    const stack = new Stack(new App(), 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
    const topic = new sns.Topic(stack, 'Failures');
    new RecipeStatus(stack, 'RecipeStatus', {
      notify: { Failed: { topic, organizationUids: ['org-acme'] } },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['recipe-status'],
        'detail-type': ['RecipeStatus.Changed'],
        detail: { status: ['Failed'], organizationUid: ['org-acme'] },
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^Failures') },
        }),
      ],
    });
  });

  it('keeps what a topic refuses in a dead-letter queue of its own, and opens a ticket when one arrives', () => {
    // Prepare
    const stack = new Stack(new App(), 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });
    const topic = new sns.Topic(stack, 'Failures');

    // Act
    new RecipeStatus(stack, 'RecipeStatus', { notify: { Failed: topic, Invalid: topic } });

    // Assess
    const template = Template.fromStack(stack);
    const queueId = queueIdOf(template, 'RecipeStatusChangePublisherNotifyDeadLetterQueue');
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter(
      (rule) => (rule.Properties.EventPattern as { source?: string[] }).source?.[0] === 'recipe-status',
    );
    expect(rules).toHaveLength(2);
    for (const rule of rules)
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({ DeadLetterConfig: { Arn: GET_ATT(queueId, 'Arn') } }),
      ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^TICKET: EventBridge could not deliver change events'),
      MetricName: 'NumberOfMessagesSent',
      Dimensions: [{ Name: 'QueueName', Value: GET_ATT(queueId, 'QueueName') }],
      Threshold: 1,
    });
  });
});
