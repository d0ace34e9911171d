// The component's alarms construct: every part adds its alarms here, at a severity, written the same way.
import { Stack, Token } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { type AlarmOptions, checkEvaluationRange } from './alarm-options.ts';

/** `page`: data at risk or an outage, now; `ticket`: what a human fixes in working hours. */
export type AlarmSeverity = 'page' | 'ticket';

/** The longest alarm name CloudWatch takes (PutMetricAlarm's AlarmName). */
const ALARM_NAME_MAX_LENGTH = 255;

export interface AlarmsProps {
  /**
   * Where page alarms notify, on ALARM and on OK.
   * @default - page alarms are created without actions
   */
  readonly pageTopic?: sns.ITopic | undefined;
  /**
   * Where ticket alarms notify, on ALARM and on OK.
   * @default - ticket alarms are created without actions
   */
  readonly ticketTopic?: sns.ITopic | undefined;
  /**
   * Every alarm is named `<namePrefix>-<id>`, so a pager can route by name.
   * @default - names CloudFormation generates
   */
  readonly namePrefix?: string | undefined;
}

/** The stack's name, then the path below the stack unless that is the stack's own name (the default app's). */
export const defaultAlarmNamePrefix = (scope: Construct): string => {
  const stack = Stack.of(scope);
  const below = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((part) => part.node.id);
  return below.length === 1 && below[0] === stack.stackName
    ? stack.stackName
    : [stack.stackName, ...below].join('-');
};

/** The component's alarms, each with a description that says what happened and what to do. */
export class Alarms extends Construct {
  /** Every alarm, in the order added. */
  readonly all: Alarm[] = [];
  /** Each alarm's severity, by its construct id. */
  readonly severities = new Map<string, AlarmSeverity>();
  private readonly topics: Readonly<Record<AlarmSeverity, sns.ITopic | undefined>>;
  private readonly namePrefix: string | undefined;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    this.topics = { page: props.pageTopic, ticket: props.ticketTopic };
    this.namePrefix = props.namePrefix;
  }

  /** An alarm that pages: data at risk or an outage. Its options from `atLeast` or `absent` (alarm-options.ts). */
  page(id: string, description: string, options: AlarmOptions): Alarm {
    return this.add(id, 'page', description, options);
  }

  /** An alarm that opens a ticket: a producer's data problem, fixed in working hours. */
  ticket(id: string, description: string, options: AlarmOptions): Alarm {
    return this.add(id, 'ticket', description, options);
  }

  add(id: string, severity: AlarmSeverity, description: string, options: AlarmOptions): Alarm {
    if (!Number.isInteger(options.threshold) || options.threshold < 1)
      throw new Error(`${id}: a threshold must be a whole number of at least 1, got ${options.threshold}`);
    checkEvaluationRange(id, options);
    const alarmName = this.namePrefix === undefined ? undefined : `${this.namePrefix}-${id}`;
    if (alarmName !== undefined && !Token.isUnresolved(alarmName) && alarmName.length > ALARM_NAME_MAX_LENGTH)
      throw new Error(
        `${id}: the alarm name ${alarmName} is longer than CloudWatch's ${ALARM_NAME_MAX_LENGTH}`,
      );
    const alarm = new Alarm(this, id, {
      alarmDescription: `${severity === 'page' ? 'PAGE' : 'TICKET'}: ${description}`,
      ...(alarmName !== undefined && { alarmName }),
      ...options,
    });
    const topic = this.topics[severity];
    if (topic !== undefined) {
      // OK too: the on-call engineer learns the trouble is over without opening the console.
      alarm.addAlarmAction(new SnsAction(topic));
      alarm.addOkAction(new SnsAction(topic));
    }
    this.all.push(alarm);
    this.severities.set(id, severity);
    return alarm;
  }
}
