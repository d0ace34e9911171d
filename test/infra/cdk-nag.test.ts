import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildTestApp, synthesize } from '../support/synth.ts';

const EVERY_SETTING = {
  eventBus: 'arn:aws:events:eu-central-1:123456789012:event-bus/signageos',
  sources: 'signageos',
  alarmEmail: 'oncall@example.com',
  historyRetentionDays: '400',
  rejectedRetentionDays: '30',
  noAppliedEventsAlarmMinutes: '60',
  stuckThresholdMinutes: '1440',
};

/** Findings of a pack, acknowledged ones left out, as `rule: resource` lines for a readable diff. */
const findings = (pack: AwsSolutionsChecks | ServerlessChecks, settings = {}) => {
  const { app } = synthesize(settings);
  const report = pack.validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName}: ${resource.resourceLogicalId}`),
  );
};

describe('cdk-nag', () => {
  it.each([
    ['AwsSolutions', {}],
    ['AwsSolutions', EVERY_SETTING],
    ['AwsSolutions', { ingestion: 'false' }],
    ['Serverless', {}],
    ['Serverless', EVERY_SETTING],
    ['Serverless', { ingestion: 'false' }],
  ])('finds nothing unacknowledged in the %s pack (settings %j)', (packName, settings) => {
    const pack = packName === 'AwsSolutions' ? new AwsSolutionsChecks() : new ServerlessChecks();
    expect(findings(pack, settings)).toEqual([]);
  });

  it("gates the app's synthesis with both packs: an unacknowledged finding of either fails it", () => {
    // Prepare: a bare SNS topic with an e-mail subscription breaks a rule of each pack.
    const { app, stack } = buildTestApp();
    new Topic(stack, 'BareTopic').addSubscription(new EmailSubscription('someone@example.com'));

    // Act
    const failure = (() => {
      try {
        app.synth();
      } catch (error) {
        return String(error);
      }
      return 'synthesized';
    })();

    // Assess
    expect(failure).toContain('AwsSolutions-SNS3');
    expect(failure).toContain('Serverless-SNSRedrivePolicy');
  });
});
