import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { PUBLISHED_EVENT_SOURCE } from '../../lambda/contract/detail-types.ts';
import { STUCK_METRICS } from '../../lambda/shared/metric-names.ts';
import { BY_STATUS_COMPANY_INDEX } from '../../lambda/store/table-definition.ts';
import { acknowledge } from '../acknowledge.ts';
import { atLeast, functionCount, SUSTAINED } from '../alarms/alarm-options.ts';
import type { Alarms } from '../alarms/alarms.ts';
import { grantTableKeyUse } from '../encryption-key.ts';
import { NodeFunction } from '../functions/node-function.ts';
import type { RecipeStatusProps } from '../recipe-status-props.ts';

export const DEFAULT_STUCK_CHECK_PERIOD = Duration.minutes(15);
/** A day (docs/data-model.md#stuck-recipes); lambda/stuck/config.ts holds the same for a function without the variable. */
const STUCK_THRESHOLD_DEFAULT = Duration.days(1);

export interface StuckDetectionProps {
  readonly table: dynamodb.Table;
  readonly eventBus: events.IEventBus;
  readonly alarms: Alarms;
  readonly key?: kms.IKey | undefined;
  /** The component's props: its `stuckThreshold`, log retention and level. */
  readonly props: Pick<RecipeStatusProps, 'stuckThreshold' | 'logRetention' | 'applicationLogLevel'>;
  /** @default 15 minutes: an episode is reported at most this long after crossing the threshold */
  readonly period?: Duration | undefined;
}

/**
 * The scheduled detector of recipes stuck in Pending: reads the Pending
 * partition of byStatusCompany and each Pending recipe's history, puts one
 * RecipeStatus.Stuck per episode on the bus, and counts it (a ticket alarm).
 */
export class StuckDetection extends Construct {
  readonly handler: NodeFunction;
  /** The detector's role: the bus policy names it as a writer. */
  readonly role: iam.IRole;
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: StuckDetectionProps) {
    super(scope, id);
    const { table, eventBus, key } = props;
    const { logRetention, applicationLogLevel } = props.props;
    const threshold = props.props.stuckThreshold || STUCK_THRESHOLD_DEFAULT;
    this.handler = new NodeFunction(this, 'Handler', {
      bundle: 'stuck',
      roleDescription:
        'recipe-status stuck detector: query Pending recipes, note reported episodes, put stuck events',
      logRetention,
      logEncryptionKey: key,
      // No reservation, so a small account can deploy it: runs of 5 minutes at most, 15 apart, do not overlap.
      timeout: Duration.minutes(5),
      environment: {
        TABLE_NAME: table.tableName,
        EVENT_BUS_NAME: eventBus.eventBusName,
        STUCK_THRESHOLD_MINUTES: String(threshold.toMinutes()),
      },
      ...(applicationLogLevel !== undefined && { applicationLogLevel }),
    });
    if (this.handler.role === undefined) throw new Error('the stuck detector has no role');
    this.role = this.handler.role;
    // Exactly what lambda/stuck/ sends: Query of the index and of a recipe's items, Get and Put of markers.
    iam.Grant.addToPrincipal({
      grantee: this.handler,
      actions: ['dynamodb:Query'],
      resourceArns: [table.tableArn, `${table.tableArn}/index/${BY_STATUS_COMPANY_INDEX.indexName}`],
    });
    iam.Grant.addToPrincipal({
      grantee: this.handler,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      resourceArns: [table.tableArn],
    });
    if (key !== undefined) grantTableKeyUse(key, this.handler, this);
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [eventBus.eventBusArn],
        conditions: { StringEquals: { 'events:source': PUBLISHED_EVENT_SOURCE } },
      }),
    );
    acknowledge(this.handler, {
      'Serverless-LambdaDLQ':
        'A failed run is not replayed: the next scheduled run finds the same stuck recipes, and the errors alarm.',
      'Serverless-LambdaTracing': 'Each reported episode is one structured log line; X-Ray would add cost.',
    });
    // EventBridge Scheduler with a role that may invoke this function and nothing else (no version wildcard).
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'recipe-status stuck schedule: invoke the stuck detector',
    });
    scheduleRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.handler.functionArn] }),
    );
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'recipe-status: look for recipes stuck in Pending',
      scheduleExpression: `rate(${(props.period ?? DEFAULT_STUCK_CHECK_PERIOD).toMinutes()} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.handler.functionArn,
        roleArn: scheduleRole.roleArn,
        retryPolicy: { maximumRetryAttempts: 0 },
      },
    });
    props.alarms.ticket(
      'RecipesStuckAlarm',
      'A recipe has been Pending longer than the stuck threshold: list them with `recipe-status stuck`; the device may be offline or unable to take its configuration.',
      atLeast(functionCount(this.handler, STUCK_METRICS.reported)),
    );
    props.alarms.ticket(
      'StuckDetectorErrorsAlarm',
      'The stuck detector failed runs (DynamoDB or PutEvents): nothing is lost, the next run reports what this one did not; see its log.',
      atLeast(this.handler.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 1, SUSTAINED),
    );
  }
}
