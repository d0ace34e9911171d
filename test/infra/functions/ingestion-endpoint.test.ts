import { describe, expect, it } from 'vitest';
import { synthesize } from '../../support/synth.ts';
import { ingestFunction, logicalIdOf, statementsOf } from '../template-queries.ts';

describe('the ingestion endpoint', () => {
  const { template } = synthesize({
    eventBus: 'signageos-events',
    eventSource: 'signageos.prod',
    webhookUrl: 'https://hooks.example.com/signageos',
  });

  it('is a function URL without IAM auth (the signature authenticates), capped in concurrency', () => {
    const [fnId, fn] = ingestFunction(template);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    expect(fn.Properties).toMatchObject({ ReservedConcurrentExecutions: 10 });
    expect(fn.Properties.Environment).toMatchObject({
      Variables: {
        EVENT_BUS_NAME: 'signageos-events',
        EVENT_SOURCE: 'signageos.prod',
        WEBHOOK_URL: 'https://hooks.example.com/signageos',
      },
    });
  });

  it('outputs the URL to give the exporter, and the secret', () => {
    const outputs = template.findOutputs('*');
    const byName = (name: string) => Object.entries(outputs).find(([id]) => id.includes(name))?.[1];
    expect(byName('WebhookUrl')?.Value).toEqual({
      'Fn::GetAtt': [logicalIdOf(template, 'AWS::Lambda::Url'), 'FunctionUrl'],
    });
    expect(byName('WebhookSecretArn')?.Value).toEqual({
      Ref: logicalIdOf(template, 'AWS::SecretsManager::Secret'),
    });
  });

  it('may read its secret and put events on the one bus, and nothing else', () => {
    const [, fn] = ingestFunction(template);
    const secretId = logicalIdOf(template, 'AWS::SecretsManager::Secret');
    expect(
      (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.WEBHOOK_SECRET_ARN,
    ).toEqual({ Ref: secretId });
    const statements = statementsOf(template, fn);
    const byAction = (action: string) => statements.find((statement) => statement.Action.includes(action));
    expect(statements.map((statement) => statement.Action).sort()).toEqual([
      ['events:PutEvents'],
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['secretsmanager:GetSecretValue'],
    ]);
    expect(byAction('secretsmanager:GetSecretValue')?.Resource).toEqual({ Ref: secretId });
    expect(JSON.stringify(byAction('events:PutEvents')?.Resource)).toContain(':event-bus/signageos-events');
    expect(byAction('events:PutEvents')?.Condition).toEqual({
      StringEquals: { 'events:source': 'signageos.prod' },
    });
  });

  it('alarms on signature failures and failed puts', () => {
    const [fnId] = ingestFunction(template);
    for (const metric of ['SignatureFailures', 'PublishFailures']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'RecipeStatus',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      });
    }
  });

  it('is left out with -c ingestion=false', () => {
    // Act
    const { template: without } = synthesize({ ingestion: 'false' });

    // Assess
    without.resourceCountIs('AWS::Lambda::Url', 0);
    without.resourceCountIs('AWS::SecretsManager::Secret', 0);
    // The status function, the change publisher and the stuck detector remain.
    without.resourceCountIs('AWS::Lambda::Function', 3);
    expect(Object.keys(without.findOutputs('*')).some((id) => id.includes('Webhook'))).toBe(false);
  });
});
