import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { STATUS_SIGNAL_METRICS } from '../../lambda/shared/metric-names.ts';
import { type AlarmSink, functionCount } from './alarm-sink.ts';

/** The status function's signals beside its outcomes: handled events that deserve a look. */
export const watchStatusSignals = (alarms: AlarmSink, statusFunction: lambda.IFunction): void => {
  alarms.atLeast(
    'FutureDatedEventsAlarm',
    "An event's UUIDv7 id was dated beyond its envelope time, or its envelope time beyond the moment it was recorded, plus the tolerance: it was ordered by the earlier time. Find the clock error of whoever produced or put it.",
    functionCount(statusFunction, STATUS_SIGNAL_METRICS.futureDated),
  );
};
