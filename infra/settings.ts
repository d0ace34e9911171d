import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ApplicationLogLevel } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import type { RecipeStatusProps } from './recipe-status-props.ts';

/** The deployer's settings, as `cdk deploy -c key=value` gives them. All optional. */
export interface RecipeStatusSettings {
  /** Name or ARN of an existing event bus (`default` for the account's); a bus of the component's own when absent. */
  readonly eventBus?: string;
  /** Comma-separated `source` values to match; the endpoint's `eventSource` when absent. */
  readonly sources?: string;
  /** `retain` (default) or `destroy`. */
  readonly tableRemovalPolicy?: string;
  /** `true` (default) or `false`. */
  readonly deletionProtection?: string;
  /** `true` or `false` (default): keep 0.2's `byOrganization` index during an upgrade. */
  readonly keepOrganizationIndex?: string;
  /** Minutes a recipe may stay Pending before it is reported stuck (1440, a day, is the documented choice); no detector when absent. */
  readonly stuckThresholdMinutes?: string;
  /** An existing SNS topic for the alarms; a topic of the component's own when absent. */
  readonly alarmTopicArn?: string;
  /** An address a new SNS topic mails the alarms to (when no `alarmTopicArn`). */
  readonly alarmEmail?: string;
  /** Days; one of CloudWatch Logs' retention values. 30 when absent. */
  readonly logRetentionDays?: string;
  /** Days after which history items expire; kept when absent. */
  readonly historyRetentionDays?: string;
  /** Days after which rejected-event records expire; kept when absent. */
  readonly rejectedRetentionDays?: string;
  /** Minutes without an applied event before alarming; no such alarm when absent. */
  readonly noAppliedEventsAlarmMinutes?: string;
  /** `true` (default) or `false`: the signed-webhook endpoint. */
  readonly ingestion?: string;
  /** The webhook URL as configured in the exporter; the function URL when absent. */
  readonly webhookUrl?: string;
  /** `source` of the events the endpoint puts on the bus; `signageos` when absent. */
  readonly eventSource?: string;
  /** Comma-separated IAM role or user ARNs that may also put events on the component's own bus. */
  readonly eventBusWriters?: string;
  /** Days the component's own bus archives every delivery; 90 when absent. */
  readonly archiveRetentionDays?: string;
  /** The status function's reserved concurrency; 10 when absent. */
  readonly statusReservedConcurrency?: string;
  /** Both functions' application log level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL); INFO when absent. */
  readonly logLevel?: string;
}

/** Every setting `-c` is read for: a name missing here would be silently ignored. */
export const SETTING_NAMES = [
  'eventBus',
  'sources',
  'tableRemovalPolicy',
  'deletionProtection',
  'keepOrganizationIndex',
  'stuckThresholdMinutes',
  'alarmTopicArn',
  'alarmEmail',
  'logRetentionDays',
  'historyRetentionDays',
  'rejectedRetentionDays',
  'noAppliedEventsAlarmMinutes',
  'ingestion',
  'webhookUrl',
  'eventSource',
  'eventBusWriters',
  'archiveRetentionDays',
  'statusReservedConcurrency',
  'logLevel',
] as const satisfies readonly (keyof RecipeStatusSettings)[];

/** `-c stackName=…`: the stack's name, apart from the construct's settings. */
export const STACK_NAME_SETTING = 'stackName';
export const DEFAULT_STACK_NAME = 'RecipeStatus';

export class SettingError extends Error {
  override readonly name = 'SettingError';
}

/** The settings as values, before the stack turns the references into constructs. */
export interface ParsedSettings {
  /** The bus the rule listens on; the account's default bus when undefined. */
  readonly eventBus?: { readonly arn: string } | { readonly name: string };
  /** Where alarms notify: an existing topic, or a new one that mails an address. */
  readonly alarms?: { readonly topicArn: string } | { readonly email: string };
  /** Everything else, as the construct's own props. */
  readonly props: Omit<RecipeStatusProps, 'eventBus' | 'alarmTopic'>;
}

/** The settings given in the app's context (`-c`, or `cdk.json`), as strings. */
export const readSettings = (node: Node): RecipeStatusSettings => {
  const settings: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const value: unknown = node.tryGetContext(name);
    if (value !== undefined) settings[name] = String(value);
  }
  return settings satisfies RecipeStatusSettings;
};

export const readStackName = (node: Node): string => {
  const value: unknown = node.tryGetContext(STACK_NAME_SETTING);
  return typeof value === 'string' && value !== '' ? value : DEFAULT_STACK_NAME;
};

const given = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

const positiveInteger = (name: string, raw: string | undefined): number | undefined => {
  if (given(raw) === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new SettingError(`-c ${name} must be a whole number above 0, got "${raw}"`);
  return value;
};

const oneOf = <T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const found = allowed.find((value) => value === raw.toLowerCase());
  if (found === undefined)
    throw new SettingError(`-c ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return found;
};

const logRetention = (raw: string | undefined): RetentionDays | undefined => {
  const days = positiveInteger('logRetentionDays', raw);
  if (days === undefined) return undefined;
  const allowed = Object.values(RetentionDays).filter((value): value is number => typeof value === 'number');
  if (!allowed.includes(days))
    throw new SettingError(`-c logRetentionDays must be one of ${allowed.join(', ')}, got "${raw}"`);
  return days;
};

const eventBus = (raw: string | undefined): ParsedSettings['eventBus'] => {
  const value = given(raw);
  if (value === undefined) return undefined;
  return value.startsWith('arn:') ? { arn: value } : { name: value };
};

const alarms = (settings: RecipeStatusSettings): ParsedSettings['alarms'] => {
  const topicArn = given(settings.alarmTopicArn);
  const email = given(settings.alarmEmail);
  if (topicArn !== undefined && email !== undefined)
    throw new SettingError(
      "-c alarmEmail subscribes the component's own alarm topic, which -c alarmTopicArn replaces: subscribe the address to that topic instead",
    );
  if (topicArn !== undefined) return { topicArn };
  return email === undefined ? undefined : { email };
};

/** Checks every setting and turns it into a value; a bad one throws a SettingError naming it. */
export const parseSettings = (settings: RecipeStatusSettings): ParsedSettings => {
  const sources = settings.sources
    ?.split(',')
    .map((source) => source.trim())
    .filter((source) => source !== '');
  const removal = oneOf('tableRemovalPolicy', settings.tableRemovalPolicy, ['retain', 'destroy'] as const);
  const protection = oneOf('deletionProtection', settings.deletionProtection, ['true', 'false'] as const);
  const stuckMinutes = positiveInteger('stuckThresholdMinutes', settings.stuckThresholdMinutes);
  const keepIndex = oneOf('keepOrganizationIndex', settings.keepOrganizationIndex, [
    'true',
    'false',
  ] as const);
  const retention = logRetention(settings.logRetentionDays);
  const historyRetentionDays = positiveInteger('historyRetentionDays', settings.historyRetentionDays);
  const rejectedRetentionDays = positiveInteger('rejectedRetentionDays', settings.rejectedRetentionDays);
  const noAppliedMinutes = positiveInteger(
    'noAppliedEventsAlarmMinutes',
    settings.noAppliedEventsAlarmMinutes,
  );
  const ingestion = oneOf('ingestion', settings.ingestion, ['true', 'false'] as const);
  const webhookUrl = given(settings.webhookUrl);
  const eventSource = given(settings.eventSource);
  if (ingestion === 'false' && (webhookUrl ?? eventSource) !== undefined)
    throw new SettingError(
      '-c webhookUrl and -c eventSource configure the ingestion, which -c ingestion=false leaves out',
    );
  const bus = eventBus(settings.eventBus);
  const alarmsTo = alarms(settings);
  const writers = settings.eventBusWriters
    ?.split(',')
    .map((writer) => writer.trim())
    .filter((writer) => writer !== '');
  for (const writer of writers ?? [])
    if (!/^arn:aws[\w-]*:iam::\d{12}:(role|user)\/\S+$/.test(writer))
      throw new SettingError(`-c eventBusWriters must list IAM role or user ARNs, got "${writer}"`);
  const archiveDays = positiveInteger('archiveRetentionDays', settings.archiveRetentionDays);
  const concurrency = positiveInteger('statusReservedConcurrency', settings.statusReservedConcurrency);
  const level = oneOf('logLevel', settings.logLevel, [
    'trace',
    'debug',
    'info',
    'warn',
    'error',
    'fatal',
  ] as const);

  return {
    ...(bus !== undefined && { eventBus: bus }),
    ...(alarmsTo !== undefined && { alarms: alarmsTo }),
    props: {
      ...(sources !== undefined && sources.length > 0 && { sources }),
      ...(removal !== undefined && {
        tableRemovalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      }),
      ...(protection !== undefined && { deletionProtection: protection === 'true' }),
      ...(keepIndex !== undefined && { keepOrganizationIndex: keepIndex === 'true' }),
      ...(stuckMinutes !== undefined && { stuckThreshold: Duration.minutes(stuckMinutes) }),
      ...(retention !== undefined && { logRetention: retention }),
      ...(historyRetentionDays !== undefined && { historyRetentionDays }),
      ...(rejectedRetentionDays !== undefined && { rejectedRetentionDays }),
      ...(noAppliedMinutes !== undefined && {
        noAppliedEventsAlarmPeriod: Duration.minutes(noAppliedMinutes),
      }),
      ...(writers !== undefined && writers.length > 0 && { eventBusWriters: writers }),
      ...(archiveDays !== undefined && { archiveRetention: Duration.days(archiveDays) }),
      ...(concurrency !== undefined && { statusFunction: { reservedConcurrency: concurrency } }),
      ...(level !== undefined && { applicationLogLevel: level.toUpperCase() as ApplicationLogLevel }),
      ingestion:
        ingestion === 'false'
          ? false
          : {
              ...(webhookUrl !== undefined && { webhookUrl }),
              ...(eventSource !== undefined && { eventSource }),
            },
    },
  };
};
