// The deployer's `-c` settings: their names, their bounds, and how they become the construct's props.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ApplicationLogLevel } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import type { RecipeStatusProps } from '../recipe-status-props.ts';
import { boundedInteger, given, oneOf, refuseLookalikes, SettingError } from './setting-checks.ts';
import { type RecipeStatusSettings, SETTING_BOUNDS, SETTING_NAMES } from './setting-definitions.ts';

export { SettingError } from './setting-checks.ts';
export { type RecipeStatusSettings, SETTING_BOUNDS, SETTING_NAMES } from './setting-definitions.ts';

/** `-c stackName=…`: the stack's name, apart from the construct's settings. */
export const STACK_NAME_SETTING = 'stackName';
export const DEFAULT_STACK_NAME = 'RecipeStatus';

/** CloudWatch's 255-character alarm names, less the longest alarm id and its dash. */
const ALARM_NAME_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** The settings as values, before the stack turns the references into constructs. */
export interface ParsedSettings {
  /** The bus the rule listens on; the account's default bus when undefined. */
  readonly eventBus?: { readonly arn: string } | { readonly name: string };
  /** Existing topics the page and ticket alarms notify; the component's own where absent. */
  readonly alarmTopicArns: { readonly page?: string; readonly ticket?: string };
  /** Everything else, as the construct's own props. */
  readonly props: Omit<RecipeStatusProps, 'eventBus' | 'alarmTopic' | 'ticketTopic'>;
}

/** The settings given in the app's context (`-c`, or `cdk.json`), as strings. */
export const readSettings = (node: Node): RecipeStatusSettings => {
  refuseLookalikes(Object.keys(node.getAllContext() as object), [...SETTING_NAMES, STACK_NAME_SETTING]);
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

/** A reserved concurrency within its bounds, or `off` for none. */
const reserved = (
  name: 'statusReservedConcurrency' | 'ingestionReservedConcurrency',
  raw: string | undefined,
) => (raw?.toLowerCase() === 'off' ? (false as const) : boundedInteger(name, raw, SETTING_BOUNDS[name]));

const logRetention = (raw: string | undefined): RetentionDays | undefined => {
  if (given(raw) === undefined) return undefined;
  const days = Number(raw);
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

const alarmTopicArns = (settings: RecipeStatusSettings): ParsedSettings['alarmTopicArns'] => {
  const page = given(settings.alarmTopicArn);
  const ticket = given(settings.ticketTopicArn);
  if (page !== undefined && ticket !== undefined && given(settings.alarmEmail) !== undefined)
    throw new SettingError(
      "-c alarmEmail subscribes the component's own alarm topics, which -c alarmTopicArn and -c ticketTopicArn replace: subscribe the address to those instead",
    );
  return { ...(page !== undefined && { page }), ...(ticket !== undefined && { ticket }) };
};

const alarmNamePrefix = (raw: string | undefined): string | undefined => {
  if (given(raw) === undefined || raw === undefined) return undefined;
  if (!ALARM_NAME_PREFIX.test(raw))
    throw new SettingError(
      `-c alarmNamePrefix must be letters, digits, '.', '_' or '-', at most 200 (CloudWatch's 255-character alarm names), got "${raw}"`,
    );
  return raw;
};

const list = (raw: string | undefined): string[] | undefined =>
  raw
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** Checks every setting and turns it into a value; a bad one throws a SettingError naming it. */
export const parseSettings = (settings: RecipeStatusSettings): ParsedSettings => {
  const bounded = (name: keyof typeof SETTING_BOUNDS) =>
    boundedInteger(name, settings[name], SETTING_BOUNDS[name]);
  const sources = list(settings.sources);
  const removal = oneOf('tableRemovalPolicy', settings.tableRemovalPolicy, ['retain', 'destroy'] as const);
  const protection = oneOf('deletionProtection', settings.deletionProtection, ['true', 'false'] as const);
  const keepIndex = oneOf('keepOrganizationIndex', settings.keepOrganizationIndex, [
    'true',
    'false',
  ] as const);
  const stuckMinutes =
    settings.stuckThresholdMinutes?.toLowerCase() === 'off'
      ? (false as const)
      : bounded('stuckThresholdMinutes');
  const retention = logRetention(settings.logRetentionDays);
  const historyRetentionDays = bounded('historyRetentionDays');
  const rejectedRetentionDays = bounded('rejectedRetentionDays');
  const noAppliedMinutes = bounded('noAppliedEventsAlarmMinutes');
  const noDeliveriesHours = bounded('noDeliveriesAlarmHours');
  const ingestion = oneOf('ingestion', settings.ingestion, ['true', 'false'] as const);
  const webhookUrl = given(settings.webhookUrl);
  const eventSource = given(settings.eventSource);
  const ingestConcurrency = reserved('ingestionReservedConcurrency', settings.ingestionReservedConcurrency);
  if (
    ingestion === 'false' &&
    (webhookUrl ?? eventSource ?? noDeliveriesHours ?? ingestConcurrency) !== undefined
  )
    throw new SettingError(
      '-c webhookUrl, eventSource, noDeliveriesAlarmHours and ingestionReservedConcurrency configure the ingestion, which -c ingestion=false leaves out',
    );
  const writers = list(settings.eventBusWriters);
  for (const writer of writers ?? [])
    if (!/^arn:aws[\w-]*:iam::\d{12}:(role|user)\/\S+$/.test(writer))
      throw new SettingError(`-c eventBusWriters must list IAM role or user ARNs, got "${writer}"`);
  const archiveDays = bounded('archiveRetentionDays');
  const concurrency = reserved('statusReservedConcurrency', settings.statusReservedConcurrency);
  const level = oneOf('logLevel', settings.logLevel, LOG_LEVELS);
  const namePrefix = alarmNamePrefix(settings.alarmNamePrefix);
  const email = given(settings.alarmEmail);
  const bus = eventBus(settings.eventBus);

  return {
    ...(bus !== undefined && { eventBus: bus }),
    alarmTopicArns: alarmTopicArns(settings),
    props: {
      ...(sources !== undefined && sources.length > 0 && { sources }),
      ...(removal !== undefined && {
        tableRemovalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      }),
      ...(protection !== undefined && { deletionProtection: protection === 'true' }),
      ...(keepIndex !== undefined && { keepOrganizationIndex: keepIndex === 'true' }),
      ...(stuckMinutes !== undefined && {
        stuckThreshold: stuckMinutes === false ? false : Duration.minutes(stuckMinutes),
      }),
      ...(retention !== undefined && { logRetention: retention }),
      ...(historyRetentionDays !== undefined && { historyRetentionDays }),
      ...(rejectedRetentionDays !== undefined && { rejectedRetentionDays }),
      ...(noAppliedMinutes !== undefined && {
        noAppliedEventsAlarmPeriod: Duration.minutes(noAppliedMinutes),
      }),
      ...(email !== undefined && { alarmEmail: email }),
      ...(namePrefix !== undefined && { alarmNamePrefix: namePrefix }),
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
              ...(noDeliveriesHours !== undefined && {
                noDeliveriesAlarmPeriod: Duration.hours(noDeliveriesHours),
              }),
              ...(ingestConcurrency !== undefined && { reservedConcurrency: ingestConcurrency }),
            },
    },
  };
};
