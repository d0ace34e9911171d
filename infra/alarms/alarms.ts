// The component's alarms construct: every part adds its alarms here, written the same way.
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlarmOptions } from './alarm-options.ts';

export interface AlarmsProps {
  /**
   * Where every alarm notifies, on ALARM and on OK.
   * @default - alarms are created without actions
   */
  readonly topic?: sns.ITopic;
}

/** The component's alarms, each with a description that says what happened and what to do. */
export class Alarms extends Construct {
  /** Every alarm, in the order added. */
  readonly all: cloudwatch.Alarm[] = [];
  private readonly topic: sns.ITopic | undefined;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    this.topic = props.topic;
  }

  /** An alarm notifying the topic; its options from `atLeast` or `absent` (alarm-options.ts). */
  add(id: string, description: string, options: AlarmOptions): cloudwatch.Alarm {
    if (!Number.isInteger(options.threshold) || options.threshold < 1)
      throw new Error(`${id}: a threshold must be a whole number of at least 1, got ${options.threshold}`);
    const alarm = new Alarm(this, id, { alarmDescription: description, ...options });
    if (this.topic !== undefined) {
      // OK too: the on-call engineer learns the trouble is over without opening the console.
      alarm.addAlarmAction(new SnsAction(this.topic));
      alarm.addOkAction(new SnsAction(this.topic));
    }
    this.all.push(alarm);
    return alarm;
  }
}
