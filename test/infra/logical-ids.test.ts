import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../support/synth.ts';

/*
 * CloudFormation knows a resource by its logical id. If a refactor changes the
 * id of a stateful resource (a construct moved, renamed or nested one level
 * deeper), the next deploy creates a new resource under the new id and drops
 * the old one: the retained table is orphaned and the stack continues with an
 * empty one, queued dead letters vanish with their queue, and the webhook
 * secret is regenerated so signageOS's signatures stop matching. These ids are
 * copied literally from the template 0.1 synthesized; they must never change.
 */
const TABLE = 'RecipeStatusTable2C6C9BBD';
const RULE_DEAD_LETTER_QUEUE = 'RecipeStatusRuleDeadLetterQueue268E596F';
const FAILURE_QUEUE = 'RecipeStatusFailureQueue04E3938B';
const WEBHOOK_SECRET = 'RecipeStatusWebhookSecret089EC784';
// Added in 0.2, pinned from its first template: the bus's archive holds every delivery, and the
// alarm topic holds the pager's subscriptions (its key encrypts what is in flight).
const EVENT_BUS = 'RecipeStatusEventBusC779A67F';
const ARCHIVE = 'RecipeStatusEventBusArchive1703472F';
const ALARM_TOPIC = 'RecipeStatusAlarmTopic90ED81FF';
const ALARM_TOPIC_KEY = 'RecipeStatusAlarmTopicKey6828F371';
// Added in 0.3, pinned from its first template: it describes the stream records of unpublished change events.
const CHANGE_FAILURE_QUEUE = 'RecipeStatusChangeFailureQueue76553733';
// Added in 0.3, pinned from its first template: the ticket topic, under the alarm topic's key.
const TICKET_TOPIC = 'RecipeStatusTicketTopic690A114E';
// Added in 0.3, pinned from its first template: the stream's event source mapping keeps its position in
// the stream; a new one starts at TRIM_HORIZON, re-reads 24 h of writes and publishes old changes again.
const CHANGE_STREAM_MAPPING = 'RecipeStatusChangePublisherFunctionTableStreamC5968069';

type GetAtt = { 'Fn::GetAtt': [string, string] };

const idsOf = (template: Template, type: string): string[] => Object.keys(template.findResources(type));

/** The properties of the one resource of a type. */
const onlyProperties = (template: Template, type: string): Record<string, unknown> => {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return (resources[0] as { Properties: Record<string, unknown> }).Properties;
};

/** The queue the rule's target dead-letters to, read from the rule, not guessed from a name. */
const ruleDeadLetterQueueId = (template: Template): string | undefined => {
  const { Targets } = onlyProperties(template, 'AWS::Events::Rule') as {
    Targets: { DeadLetterConfig: { Arn: GetAtt } }[];
  };
  return Targets[0]?.DeadLetterConfig.Arn['Fn::GetAtt'][0];
};

/** The queue the status function's on-failure destination writes to. */
const failureQueueId = (template: Template): string => {
  const { DestinationConfig } = onlyProperties(template, 'AWS::Lambda::EventInvokeConfig') as {
    DestinationConfig: { OnFailure: { Destination: GetAtt } };
  };
  return DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
};

describe.each([
  ['default settings (ingestion on)', {}, [WEBHOOK_SECRET], [EVENT_BUS]],
  ['ingestion off', { ingestion: 'false' }, [], [EVENT_BUS]],
  [
    'every setting that adds resources',
    { eventBus: 'signageos-events', sources: 'signageos', alarmEmail: 'oncall@example.com' },
    [WEBHOOK_SECRET],
    [],
  ],
])('the stateful logical ids with %s', (_name, settings, secrets, buses) => {
  const { template } = synthesize(settings);

  it('keep the table', () => {
    expect(idsOf(template, 'AWS::DynamoDB::Table')).toEqual([TABLE]);
  });

  it('keep both queues, each in its role', () => {
    expect(idsOf(template, 'AWS::SQS::Queue').sort()).toEqual([
      CHANGE_FAILURE_QUEUE,
      FAILURE_QUEUE,
      RULE_DEAD_LETTER_QUEUE,
    ]);
    expect(ruleDeadLetterQueueId(template)).toBe(RULE_DEAD_LETTER_QUEUE);
    expect(failureQueueId(template)).toBe(FAILURE_QUEUE);
  });

  it("keep the change publisher's stream mapping, and with it its position in the stream", () => {
    expect(idsOf(template, 'AWS::Lambda::EventSourceMapping')).toEqual([CHANGE_STREAM_MAPPING]);
  });

  it('keep the webhook secret', () => {
    expect(idsOf(template, 'AWS::SecretsManager::Secret')).toEqual(secrets);
  });

  it("keep the component's own bus and its archive, unless an existing bus is named", () => {
    expect(idsOf(template, 'AWS::Events::EventBus')).toEqual(buses);
    expect(idsOf(template, 'AWS::Events::Archive')).toEqual(buses.length > 0 ? [ARCHIVE] : []);
  });

  it('keep the alarm topic (the page topic) and its key, which the ticket topic shares', () => {
    expect(idsOf(template, 'AWS::SNS::Topic')).toEqual([ALARM_TOPIC, TICKET_TOPIC]);
    expect(idsOf(template, 'AWS::KMS::Key')).toEqual([ALARM_TOPIC_KEY]);
  });
});
