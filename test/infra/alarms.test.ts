import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { Alarms } from '../../infra/alarms.ts';
import { synthesize } from '../support/synth.ts';
import { logicalIdOf, statusFunction } from './template-queries.ts';

type AlarmProperties = {
  MetricName: string;
  Namespace: string;
  Threshold: number;
  AlarmActions?: unknown;
  AlarmDescription: string;
};

const alarmsOf = (template: Template): AlarmProperties[] =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties as AlarmProperties,
  );

describe('the alarms with default settings', () => {
  const { template } = synthesize();

  it('watch both dead-letter queues, errors, throttles, lost destinations, rejected events and the endpoint', () => {
    const alarms = alarmsOf(template);
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
  });

  it("count rejected events from the status function's own log lines", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'RecipeStatus',
      MetricName: 'EventsRejected',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: statusFunction(template)[0] } }],
      Statistic: 'Sum',
    });
  });

  it('each say what to do, and notify nobody when no topic is set', () => {
    for (const alarm of alarmsOf(template)) {
      expect(alarm.AlarmDescription.length).toBeGreaterThan(40);
      expect(alarm.AlarmActions).toBeUndefined();
    }
  });
});

describe('the alarms with a topic', () => {
  it('all go to a new e-mail topic, with an alarm when nothing was applied for 2 hours', () => {
    const { template } = synthesize({ alarmEmail: 'oncall@example.com', noAppliedEventsAlarmMinutes: '120' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');
    const alarms = alarmsOf(template);
    expect(alarms).toHaveLength(9);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EventsApplied',
      Period: 7200,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('all go to an existing topic given by ARN instead', () => {
    const arn = 'arn:aws:sns:eu-central-1:123456789012:oncall';
    const { template } = synthesize({ alarmTopicArn: arn });
    template.resourceCountIs('AWS::SNS::Topic', 0);
    const alarms = alarmsOf(template);
    expect(alarms).toHaveLength(8);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([arn]);
  });
});

describe('Alarms', () => {
  it('sends an alarm added at any time to the topic it was built with', () => {
    const stack = new Stack(new App(), 'AlarmsOnly');
    const topic = new Topic(stack, 'Topic');
    const alarms = new Alarms(stack, 'Alarms', { topic });
    const metric = new Metric({ namespace: 'Test', metricName: 'Count', period: Duration.minutes(1) });
    alarms.atLeast('First', 'The first alarm, added right away.', metric);
    alarms.atLeast('Later', 'An alarm added after everything else.', metric, 3);

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
