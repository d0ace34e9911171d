import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { absent, atLeast } from '../../../infra/alarms/alarm-options.ts';
import { Alarms } from '../../../infra/alarms/alarms.ts';
import { synthesize } from '../../support/synth.ts';
import { logicalIdOf, statusFunction } from '../template-queries.ts';

type AlarmProperties = {
  AlarmName: string;
  MetricName: string;
  Namespace: string;
  Threshold: number;
  Period: number;
  EvaluationPeriods: number;
  AlarmActions?: unknown;
  OKActions?: unknown;
  DatapointsToAlarm?: number;
  AlarmDescription: string;
};

const alarmsOf = (template: Template): AlarmProperties[] =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties as AlarmProperties,
  );

/** Each alarm of the default stack: its construct id, its severity, what it watches, and when it fires. */
const DEFAULT_ALARMS = {
  RuleDeadLetterAlarm: 'page AWS/SQS/ApproximateNumberOfMessagesVisible >= 1',
  RuleDeadLetterArrivalAlarm: 'page AWS/SQS/NumberOfMessagesSent >= 1',
  FailureQueueAlarm: 'page AWS/SQS/ApproximateNumberOfMessagesVisible >= 1',
  FailureQueueArrivalAlarm: 'page AWS/SQS/NumberOfMessagesSent >= 1',
  RuleDeadLetterAgeAlarm: 'page AWS/SQS/ApproximateAgeOfOldestMessage >= 864000',
  FailureQueueAgeAlarm: 'page AWS/SQS/ApproximateAgeOfOldestMessage >= 864000',
  ErrorsAlarm: 'page AWS/Lambda/Errors >= 1, 3 of 3',
  AsyncBacklogAlarm: 'page AWS/Lambda/AsyncEventAge >= 1800000',
  DestinationDeliveryFailuresAlarm: 'page AWS/Lambda/DestinationDeliveryFailures >= 1',
  RejectedEventsAlarm: 'ticket RecipeStatus/EventsRejected >= 1',
  FutureDatedEventsAlarm: 'ticket RecipeStatus/EventsFutureDated >= 1',
  RuleFailedInvocationsAlarm: 'page AWS/Events/FailedInvocations >= 1',
  RuleDeadLetterFailuresAlarm: 'page AWS/Events/InvocationsFailedToBeSentToDlq >= 1',
  IngestErrorsAlarm: 'page AWS/Lambda/Errors >= 1, 3 of 3',
  IngestThrottlesAlarm: 'page AWS/Lambda/Throttles >= 1, 3 of 3',
  PublishFailuresAlarm: 'page RecipeStatus/PublishFailures >= 1',
  UnreadableDeliveriesAlarm: 'ticket RecipeStatus/DeliveriesUnreadable >= 1',
  SignatureFailuresAlarm: 'ticket RecipeStatus/SignatureFailures >= 1, 3 of 12',
  ChangeFailureQueueAlarm: 'page AWS/SQS/ApproximateNumberOfMessagesVisible >= 1',
  ChangeIteratorAgeAlarm: 'page AWS/Lambda/IteratorAge >= 600000',
  ChangePublisherErrorsAlarm: 'page AWS/Lambda/Errors >= 1, 3 of 3',
  ChangeDestinationFailuresAlarm: 'page AWS/Lambda/DestinationDeliveryFailures >= 1',
  RecipesStuckAlarm: 'ticket RecipeStatus/RecipesStuck >= 1',
  StuckDetectorErrorsAlarm: 'ticket AWS/Lambda/Errors >= 1, 3 of 3',
};

type AlarmResource = { Properties: AlarmProperties };

/** The page topic (the 0.2 alarm topic, by its pinned id's prefix) and the ticket topic, as alarm actions name them. */
const topicRefs = (template: Template) => {
  const ids = Object.keys(template.findResources('AWS::SNS::Topic'));
  const page = ids.find((id) => id.startsWith('RecipeStatusAlarmTopic'));
  const ticket = ids.find((id) => id.startsWith('RecipeStatusTicketTopic'));
  return { page: [{ Ref: page }], ticket: [{ Ref: ticket }] };
};

/** Construct id (the logical id less its scope prefix and hash) → severity, what the alarm watches and when it fires. */
const describeAlarms = (template: Template): Record<string, string> => {
  const topics = topicRefs(template);
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, AlarmResource>).map(
      ([logicalId, { Properties: alarm }]) => {
        const id = logicalId.replace(/^RecipeStatusAlarms/, '').replace(/[0-9A-F]{8}$/, '');
        const severity =
          JSON.stringify(alarm.AlarmActions) === JSON.stringify(topics.page) ? 'page' : 'ticket';
        expect(alarm.AlarmActions).toEqual(topics[severity]);
        const window =
          alarm.DatapointsToAlarm === undefined
            ? ''
            : `, ${alarm.DatapointsToAlarm} of ${alarm.EvaluationPeriods}`;
        return [id, `${severity} ${alarm.Namespace}/${alarm.MetricName} >= ${alarm.Threshold}${window}`];
      },
    ),
  );
};

/** PutMetricAlarm's evaluation range: at most 7 days, at most 1 day for periods under an hour. */
const evaluatesWithinCloudWatchLimits = (alarm: AlarmProperties): boolean => {
  const range = alarm.Period * alarm.EvaluationPeriods;
  return alarm.Period % 60 === 0 && range <= (alarm.Period < 3600 ? 86_400 : 604_800);
};

describe('the alarms with default settings', () => {
  const { template } = synthesize();

  it('watch both dead-letter queues (depth, each arrival, age), both functions, the rule, the endpoint and the signals, each at its severity', () => {
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

  it("each say what to do and their severity, and notify the component's own encrypted topics on ALARM and on OK", () => {
    const topics = topicRefs(template);
    for (const topic of Object.values(template.findResources('AWS::SNS::Topic')))
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const alarm of alarmsOf(template)) {
      expect(alarm.AlarmDescription).toMatch(/^(PAGE|TICKET): .{40,}/);
      const severity = alarm.AlarmDescription.startsWith('PAGE') ? 'page' : 'ticket';
      expect(alarm.AlarmActions).toEqual(topics[severity]);
      expect(alarm.OKActions).toEqual(topics[severity]);
    }
  });

  it('are named after the stack, so a pager can route by name', () => {
    for (const [id, alarm] of Object.entries(describeAlarmNames(template)))
      expect(alarm).toBe(`RecipeStatus-${id}`);
  });
});

/** Construct id → the alarm's name. */
const describeAlarmNames = (template: Template): Record<string, string> =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, AlarmResource>).map(
      ([logicalId, { Properties }]) => [
        logicalId.replace(/^RecipeStatusAlarms/, '').replace(/[0-9A-F]{8}$/, ''),
        Properties.AlarmName,
      ],
    ),
  );

describe('the alarms with a topic', () => {
  it('go to the topics, which mail the address given, with an alarm when nothing was applied for 2 hours', () => {
    const { template } = synthesize({ alarmEmail: 'oncall@example.com', noAppliedEventsAlarmMinutes: '120' });
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));
    expect(subscriptions.map((subscription) => subscription.Properties.TopicArn)).toEqual(
      Object.values(topicRefs(template)).map(([ref]) => ref),
    );
    for (const subscription of subscriptions)
      expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'oncall@example.com' });
    expect(alarmsOf(template)).toHaveLength(Object.keys(DEFAULT_ALARMS).length + 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EventsApplied',
      Period: 7200,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: topicRefs(template).page,
    });
  });

  it('go to existing topics given by ARN instead, and no topic or key is created', () => {
    const page = 'arn:aws:sns:eu-central-1:123456789012:oncall';
    const ticket = 'arn:aws:sns:eu-central-1:123456789012:tickets';
    const { template } = synthesize({ alarmTopicArn: page, ticketTopicArn: ticket });
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    const alarms = alarmsOf(template);
    expect(alarms).toHaveLength(Object.keys(DEFAULT_ALARMS).length);
    for (const alarm of alarms) {
      const arn = alarm.AlarmDescription.startsWith('PAGE') ? page : ticket;
      expect(alarm.AlarmActions).toEqual([arn]);
      expect(alarm.OKActions).toEqual([arn]);
    }
  });

  it('page with the heartbeat when no delivery was accepted for the hours given', () => {
    const { template } = synthesize({ noDeliveriesAlarmHours: '6' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'RecipeStatus-NoDeliveriesAlarm',
      MetricName: 'DeliveriesAccepted',
      Period: 6 * 3600,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: topicRefs(template).page,
    });
  });

  it('carry the prefix given', () => {
    const { template } = synthesize({ alarmNamePrefix: 'prod-recipes' });
    for (const [id, name] of Object.entries(describeAlarmNames(template)))
      expect(name).toBe(`prod-recipes-${id}`);
  });
});

describe('every alarm period', () => {
  it.each([
    ['the smallest', { noAppliedEventsAlarmMinutes: '1', noDeliveriesAlarmHours: '1' }],
    ['the largest', { noAppliedEventsAlarmMinutes: '10080', noDeliveriesAlarmHours: '168' }],
  ])('is one CloudWatch accepts at %s settings', (_name, settings) => {
    const alarms = alarmsOf(synthesize(settings).template);
    expect(alarms).toHaveLength(Object.keys(DEFAULT_ALARMS).length + 2);
    for (const alarm of alarms) expect(evaluatesWithinCloudWatchLimits(alarm)).toBe(true);
  });

  it('beyond them is refused before CloudFormation sees it, naming the alarm', () => {
    const stack = new Stack(new App(), 'TooLong');
    const alarms = new Alarms(stack, 'Alarms');
    const metric = new Metric({ namespace: 'Test', metricName: 'Count', period: Duration.days(8) });
    expect(() => alarms.page('Quiet', 'Nothing happened for eight days.', absent(metric))).toThrow(
      /Quiet: CloudWatch evaluates at most 7 day/,
    );
  });
});

describe('Alarms', () => {
  it('sends an alarm added at any time to the topic of its severity', () => {
    // Prepare
    const stack = new Stack(new App(), 'AlarmsOnly');
    const pageTopic = new Topic(stack, 'Page');
    const ticketTopic = new Topic(stack, 'Ticket');
    const alarms = new Alarms(stack, 'Alarms', { pageTopic, ticketTopic, namePrefix: 'test' });
    const metric = new Metric({ namespace: 'Test', metricName: 'Count', period: Duration.minutes(1) });
    // Act
    alarms.page('First', 'The first alarm, added right away.', atLeast(metric));
    alarms.ticket('Later', 'An alarm added after everything else.', atLeast(metric, 3));
    // Assess
    const template = Template.fromStack(stack);
    expect(alarms.all).toHaveLength(2);
    expect([...alarms.severities]).toEqual([
      ['First', 'page'],
      ['Later', 'ticket'],
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'test-First',
      AlarmActions: [stack.resolve(pageTopic.topicArn)],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'test-Later',
      AlarmDescription: 'TICKET: An alarm added after everything else.',
      AlarmActions: [stack.resolve(ticketTopic.topicArn)],
      Threshold: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});
