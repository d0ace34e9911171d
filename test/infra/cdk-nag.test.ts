import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../support/synth.ts';

const EVERY_SETTING = {
  eventBus: 'arn:aws:events:eu-central-1:123456789012:event-bus/signageos',
  sources: 'signageos',
  alarmEmail: 'oncall@example.com',
  historyRetentionDays: '400',
  rejectedRetentionDays: '30',
  noAppliedEventsAlarmMinutes: '60',
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
    ['Serverless', {}],
    ['Serverless', EVERY_SETTING],
  ])('finds nothing unacknowledged in the %s pack (settings %j)', (packName, settings) => {
    const pack = packName === 'AwsSolutions' ? new AwsSolutionsChecks() : new ServerlessChecks();
    expect(findings(pack, settings)).toEqual([]);
  });

  it('still reports what the gate is for: an unacknowledged finding fails', async () => {
    // A stack with a bare SNS e-mail subscription outside our construct is flagged.
    const { App, Stack } = await import('aws-cdk-lib');
    const { Topic } = await import('aws-cdk-lib/aws-sns');
    const { EmailSubscription } = await import('aws-cdk-lib/aws-sns-subscriptions');
    const app = new App();
    new Topic(new Stack(app, 'Other'), 'Topic').addSubscription(new EmailSubscription('a@example.com'));
    expect(new ServerlessChecks().validateScope(app).success).toBe(false);
  });
});
