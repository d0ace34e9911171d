import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../../support/synth.ts';
import { ingestFunction, logicalIdOf, onlyResource } from '../template-queries.ts';

type PolicyStatement = {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string;
  Resource: unknown;
  Condition?: { ArnNotEquals: { 'aws:PrincipalArn': unknown }; StringEquals?: Record<string, string> };
};

/** The statements of the bus's resource policy (its Policy property: no account-wide statement id), by Sid. */
const busPolicy = (template: ReturnType<typeof synthesize>['template']): Record<string, PolicyStatement> => {
  template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  const { Policy } = onlyResource(template, 'AWS::Events::EventBus').Properties as {
    Policy: { Statement: PolicyStatement[] };
  };
  return Object.fromEntries(Policy.Statement.map((statement) => [statement.Sid, statement]));
};

/** The bus's ARN as the policy spells it, from the bus's name: its Arn attribute would be a cycle. */
const busArnFromName = (template: ReturnType<typeof synthesize>['template']) => {
  const { Name } = onlyResource(template, 'AWS::Events::EventBus').Properties as { Name: string };
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':events:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:event-bus/${Name}`,
      ],
    ],
  };
};

/** The change publisher's role, which puts its own events on the bus. */
const publisherRoleArn = {
  'Fn::GetAtt': [expect.stringMatching(/^RecipeStatusChangePublisherFunctionRole/), 'Arn'],
};

/** The stuck detector's role, which puts its own events on the bus. */
const stuckRoleArn = {
  'Fn::GetAtt': [expect.stringMatching(/^RecipeStatusStuckDetectionHandlerRole/), 'Arn'],
};

const ruleAccounts = (template: ReturnType<typeof synthesize>['template']) =>
  (onlyResource(template, 'AWS::Events::Rule').Properties.EventPattern as { account: unknown[] }).account;

describe("the component's own bus, by default", () => {
  const { template } = synthesize();
  const busId = logicalIdOf(template, 'AWS::Events::EventBus');

  it('is where the ingestion endpoint puts deliveries and the rule listens', () => {
    expect(onlyResource(template, 'AWS::Events::Rule').Properties.EventBusName).toEqual({ Ref: busId });
    const [, fn] = ingestFunction(template);
    expect(fn.Properties.Environment).toMatchObject({ Variables: { EVENT_BUS_NAME: { Ref: busId } } });
  });

  it('denies PutEvents to every principal but the ingestion and change publisher roles', () => {
    const [, fn] = ingestFunction(template);
    const ingestionRoleArn = fn.Properties.Role;
    expect(busPolicy(template)).toEqual({
      OnlyTheWritersPutEvents: {
        Sid: 'OnlyTheWritersPutEvents',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: busArnFromName(template),
        Condition: {
          ArnNotEquals: { 'aws:PrincipalArn': [ingestionRoleArn, publisherRoleArn, stuckRoleArn] },
        },
      },
      OnlyThePublishersPutTheirSource: {
        Sid: 'OnlyThePublishersPutTheirSource',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: busArnFromName(template),
        Condition: {
          StringEquals: { 'events:source': 'recipe-status' },
          ArnNotEquals: { 'aws:PrincipalArn': [publisherRoleArn, stuckRoleArn] },
        },
      },
    });
  });

  it('archives every delivery of the ingestion source for 90 days', () => {
    expect(onlyResource(template, 'AWS::Events::Archive').Properties).toMatchObject({
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { source: ['signageos'] },
      RetentionDays: 90,
    });
  });

  it("matches this stack's account only", () => {
    expect(ruleAccounts(template)).toEqual([{ Ref: 'AWS::AccountId' }]);
  });
});

describe('the bus with writers named', () => {
  const sameAccount = 'arn:aws:iam::123456789012:role/deliveries';
  const otherAccount = 'arn:aws:iam::210987654321:role/relay';
  const { template } = synthesize({
    eventBusWriters: `${sameAccount},${otherAccount}`,
    archiveRetentionDays: '30',
  });

  it('lets them put events as well, by the bus policy (which another account needs)', () => {
    const policy = busPolicy(template);
    expect(policy.OnlyTheWritersPutEvents?.Condition?.ArnNotEquals['aws:PrincipalArn']).toEqual([
      expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) }),
      publisherRoleArn,
      stuckRoleArn,
      sameAccount,
      otherAccount,
    ]);
    expect(policy.NamedWritersPutEvents).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: [sameAccount, otherAccount] },
      Action: 'events:PutEvents',
    });
  });

  it("denies them the component's own source, which consumers trust as the component's word", () => {
    expect(busPolicy(template).OnlyThePublishersPutTheirSource?.Condition).toEqual({
      StringEquals: { 'events:source': 'recipe-status' },
      ArnNotEquals: { 'aws:PrincipalArn': [publisherRoleArn, stuckRoleArn] },
    });
  });

  it("matches the events a writer of another account puts, which carry that writer's account", () => {
    expect(ruleAccounts(template)).toEqual([{ Ref: 'AWS::AccountId' }, '123456789012', '210987654321']);
  });

  it('archives for the days it is told', () => {
    expect(onlyResource(template, 'AWS::Events::Archive').Properties.RetentionDays).toBe(30);
  });
});

describe('the bus with ingestion off', () => {
  it('is closed to everyone but the change publisher when no writer is named, and the synthesis says so', () => {
    // Act
    const { template, stack } = synthesize({ ingestion: 'false' });

    // Assess
    const deny = busPolicy(template).OnlyTheWritersPutEvents;
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'events:PutEvents' });
    expect(deny?.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': [publisherRoleArn, stuckRoleArn] },
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('nothing may put events'));
  });

  it('admits the named writers only', () => {
    // Prepare
    const writer = 'arn:aws:iam::123456789012:role/front';

    // Act
    const { template } = synthesize({ ingestion: 'false', eventBusWriters: writer });

    // Assess
    expect(busPolicy(template).OnlyTheWritersPutEvents?.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': [publisherRoleArn, stuckRoleArn, writer] },
    });
  });
});

describe('an existing bus', () => {
  it('replaces the own bus, its policy and its archive: its policy is its owner', () => {
    // Act
    const { template } = synthesize({ eventBus: 'signageos-events' });

    // Assess
    template.resourceCountIs('AWS::Events::EventBus', 0);
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    template.resourceCountIs('AWS::Events::Archive', 0);
    expect(onlyResource(template, 'AWS::Events::Rule').Properties.EventBusName).toBe('signageos-events');
  });
});

describe('sources', () => {
  it("are refused when they leave out the endpoint's own source, which would record nothing", () => {
    expect(() => synthesize({ sources: 'someone.else' })).toThrow(
      /leave out the ingestion endpoint's eventSource "signageos"/,
    );
    expect(() => synthesize({ sources: 'signageos.prod', eventSource: 'signageos.prod' })).not.toThrow();
  });

  it("are refused when they name the component's own source, which only its publishers may put", () => {
    expect(() => synthesize({ sources: 'signageos,recipe-status' })).toThrow(
      /"recipe-status" is the source of the component's own change events/,
    );
    expect(() => synthesize({ eventSource: 'recipe-status', sources: 'recipe-status' })).toThrow(
      /only its publishers may put/,
    );
  });
});
