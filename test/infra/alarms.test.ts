import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { atLeast } from '../../infra/alarms/alarm-options.ts';
import { Alarms } from '../../infra/alarms/alarms.ts';
import { synthesize } from '../support/synth.ts';
import { logicalIdOf, statusFunction } from './template-queries.ts';

type AlarmProperties = {
  MetricName: string;
  Namespace: string;
  Threshold: number;
  AlarmActions?: unknown;
  OKActions?: unknown;
  DatapointsToAlarm?: number;
  AlarmDescription: string;
};

const alarmsOf = (template: Template): AlarmProperties[] =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties as AlarmProperties,
  );

/** Each alarm of the default stack: its construct id, what it watches, and when it fires. */
const DEFAULT_ALARMS = {
  RuleDeadLetterAlarm: 'AWS/SQS/ApproximateNumberOfMessagesVisible >= 1',
  FailureQueueAlarm: 'AWS/SQS/ApproximateNumberOfMessagesVisible >= 1',
  RuleDeadLetterAgeAlarm: 'AWS/SQS/ApproximateAgeOfOldestMessage >= 864000',
  FailureQueueAgeAlarm: 'AWS/SQS/ApproximateAgeOfOldestMessage >= 864000',
  ErrorsAlarm: 'AWS/Lambda/Errors >= 1',
  AsyncBacklogAlarm: 'AWS/Lambda/AsyncEventAge >= 1800000',
  DestinationDeliveryFailuresAlarm: 'AWS/Lambda/DestinationDeliveryFailures >= 1',
  RejectedEventsAlarm: 'RecipeStatus/EventsRejected >= 1',
  FutureDatedEventsAlarm: 'RecipeStatus/EventsFutureDated >= 1',
  RuleFailedInvocationsAlarm: 'AWS/Events/FailedInvocations >= 1',
  RuleDeadLetterFailuresAlarm: 'AWS/Events/InvocationsFailedToBeSentToDlq >= 1',
  IngestErrorsAlarm: 'AWS/Lambda/Errors >= 1',
  IngestThrottlesAlarm: 'AWS/Lambda/Throttles >= 1',
  IngestServerErrorsAlarm: 'AWS/Lambda/Url5xxCount >= 1',
  UnreadableDeliveriesAlarm: 'RecipeStatus/DeliveriesUnreadable >= 1',
  SignatureFailuresAlarm: 'RecipeStatus/SignatureFailures >= 1, 3 of 12',
  PublishFailuresAlarm: 'RecipeStatus/PublishFailures >= 1',
};

type AlarmResource = {
  Properties: AlarmProperties & { EvaluationPeriods: number; DatapointsToAlarm?: number };
};

/** Construct id (the logical id less its scope prefix and hash) → what the alarm watches and when it fires. */
const describeAlarms = (template: Template): Record<string, string> =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, AlarmResource>).map(
      ([logicalId, { Properties: alarm }]) => {
        const id = logicalId.replace(/^RecipeStatusAlarms/, '').replace(/[0-9A-F]{8}$/, '');
        const window =
          alarm.DatapointsToAlarm === undefined
            ? ''
            : `, ${alarm.DatapointsToAlarm} of ${alarm.EvaluationPeriods}`;
        return [id, `${alarm.Namespace}/${alarm.MetricName} >= ${alarm.Threshold}${window}`];
      },
    ),
  );

describe('the alarms with default settings', () => {
  const { template } = synthesize();

  it('watch both dead-letter queues and their age, both functions, the rule, the endpoint and the status signals', () => {
    expect(describeAlarms(template)).toEqual(DEFAULT_ALARMS);
  });

  it("count rejected events from the status function's own log lines", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'RecipeStatus',
      MetricName: 'EventsRejected',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: statusFunction(template)[0] } }],
      Statistic: 'Sum',
    });
  });

  it("watch the rule on the component's own bus by the names its metrics carry", () => {
    const busName = { Ref: logicalIdOf(template, 'AWS::Events::EventBus') };
    // A rule's Ref on a custom bus is `<bus>|<rule>`: the metric's RuleName is the part after the bar.
    const ruleName = {
      'Fn::Select': [1, { 'Fn::Split': ['|', { Ref: logicalIdOf(template, 'AWS::Events::Rule') }] }],
    };
    for (const metricName of ['FailedInvocations', 'InvocationsFailedToBeSentToDlq'])
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Events',
        MetricName: metricName,
        Dimensions: Match.arrayWith([
          { Name: 'EventBusName', Value: busName },
          { Name: 'RuleName', Value: ruleName },
        ]),
      });
  });

  it("watch a rule on the account's default bus by its Ref, which is then its bare name", () => {
    const { template: onDefault } = synthesize({ eventBus: 'default' });
    const ruleName = { Ref: logicalIdOf(onDefault, 'AWS::Events::Rule') };
    onDefault.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'FailedInvocations',
      Dimensions: [{ Name: 'RuleName', Value: ruleName }],
    });
  });

  it("each say what to do, and notify the component's own encrypted topic on ALARM and on OK", () => {
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    for (const alarm of alarmsOf(template)) {
      expect(alarm.AlarmDescription.length).toBeGreaterThan(40);
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
    }
  });
});

describe('the alarms with a topic', () => {
  it('all go to the topic, which mails the address given, with an alarm when nothing was applied for 2 hours', () => {
    const { template } = synthesize({ alarmEmail: 'oncall@example.com', noAppliedEventsAlarmMinutes: '120' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');
    const alarms = alarmsOf(template);
    expect(alarms).toHaveLength(Object.keys(DEFAULT_ALARMS).length + 1);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EventsApplied',
      Period: 7200,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('all go to an existing topic given by ARN instead, and no topic or key is created', () => {
    const arn = 'arn:aws:sns:eu-central-1:123456789012:oncall';
    const { template } = synthesize({ alarmTopicArn: arn });
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    const alarms = alarmsOf(template);
    expect(alarms).toHaveLength(Object.keys(DEFAULT_ALARMS).length);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([arn]);
      expect(alarm.OKActions).toEqual([arn]);
    }
  });
});

describe('Alarms', () => {
  it('sends an alarm added at any time to the topic it was built with', () => {
    const stack = new Stack(new App(), 'AlarmsOnly');
    const topic = new Topic(stack, 'Topic');
    const alarms = new Alarms(stack, 'Alarms', { topic });
    const metric = new Metric({ namespace: 'Test', metricName: 'Count', period: Duration.minutes(1) });
    alarms.add('First', 'The first alarm, added right away.', atLeast(metric));
    alarms.add('Later', 'An alarm added after everything else.', atLeast(metric, 3));

    const template = Template.fromStack(stack);
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');
    expect(alarms.all).toHaveLength(2);
    for (const alarm of alarmsOf(template)) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'An alarm added after everything else.',
      Threshold: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});
