import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { CONTEXT_ENV, OUTDIR_ENV } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STACK_NAME,
  parseSettings,
  type RecipeStatusSettings,
  readSettings,
  readStackName,
  SETTING_NAMES,
  SettingError,
} from '../../../infra/settings/settings.ts';
import { synthesize } from '../../support/synth.ts';

/**
 * A value for every setting that differs from its default. Typed as the whole
 * settings interface, so a setting added there without a sample fails to compile.
 */
const SAMPLES: Required<RecipeStatusSettings> = {
  eventBus: 'signageos-events',
  sources: 'signageos,signageos.staging',
  tableRemovalPolicy: 'destroy',
  deletionProtection: 'false',
  keepOrganizationIndex: 'true',
  stuckThresholdMinutes: '360',
  alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:oncall',
  ticketTopicArn: 'arn:aws:sns:eu-central-1:123456789012:tickets',
  alarmEmail: 'oncall@example.com',
  alarmNamePrefix: 'prod-recipes',
  logRetentionDays: '90',
  historyRetentionDays: '400',
  rejectedRetentionDays: '30',
  noAppliedEventsAlarmMinutes: '120',
  noDeliveriesAlarmHours: '12',
  ingestion: 'false',
  webhookUrl: 'https://hooks.example.com/signageos',
  eventSource: 'signageos.prod',
  eventBusWriters: 'arn:aws:iam::123456789012:role/deliveries',
  archiveRetentionDays: '30',
  statusReservedConcurrency: '25',
  ingestionReservedConcurrency: 'off',
  logLevel: 'debug',
};

const templateJson = (settings: RecipeStatusSettings) => synthesize(settings).template.toJSON();

describe('every setting', () => {
  const defaults = templateJson({});

  it('is one the app reads: the interface and SETTING_NAMES list the same settings', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...SETTING_NAMES].sort());
  });

  it('synthesizes the same template twice, so a difference below is the setting', () => {
    expect(templateJson({})).toEqual(defaults);
  });

  it.each(SETTING_NAMES)('-c %s is read from the context, parsed, and changes the template', (name) => {
    const context = { [name]: SAMPLES[name] };
    expect(readSettings(new App({ context }).node)).toEqual(context);
    expect(parseSettings(context)).not.toEqual(parseSettings({}));
    expect(templateJson(context)).not.toEqual(defaults);
  });

  it('-c stackName names the stack', () => {
    expect(readStackName(new App().node)).toBe(DEFAULT_STACK_NAME);
    expect(readStackName(new App({ context: { stackName: 'RecipeStatusStaging' } }).node)).toBe(
      'RecipeStatusStaging',
    );
  });

  it('is documented, with -c stackName, in the README or docs/', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const inDocs = existsSync(`${root}docs`)
      ? readdirSync(`${root}docs`, { recursive: true }).map((file) => `docs/${file}`)
      : [];
    const docs = ['README.md', ...inDocs]
      .filter((file) => file.endsWith('.md'))
      .map((file) => readFileSync(`${root}${file}`, 'utf8'))
      .join('\n');
    for (const name of [...SETTING_NAMES, 'stackName']) expect(docs).toContain(`\`${name}\``);
  });
});

describe('a bad setting', () => {
  it.each([
    [{ tableRemovalPolicy: 'keep' }, '-c tableRemovalPolicy must be one of retain, destroy, got "keep"'],
    [{ deletionProtection: 'yes' }, '-c deletionProtection must be one of true, false, got "yes"'],
    [{ ingestion: 'off' }, '-c ingestion must be one of true, false, got "off"'],
    [{ historyRetentionDays: '0' }, '-c historyRetentionDays must be a whole number from 1 to 36500'],
    [{ rejectedRetentionDays: '1.5' }, '-c rejectedRetentionDays must be a whole number from 1 to 36500'],
    [{ noAppliedEventsAlarmMinutes: 'soon' }, '-c noAppliedEventsAlarmMinutes must be a whole number from 1'],
    [
      { noAppliedEventsAlarmMinutes: '20000' },
      '-c noAppliedEventsAlarmMinutes must be a whole number from 1 to 10080 (CloudWatch evaluates an alarm over 7 days at most), got "20000"',
    ],
    [{ noDeliveriesAlarmHours: '169' }, '-c noDeliveriesAlarmHours must be a whole number from 1 to 168'],
    [{ statusReservedConcurrency: '0' }, '-c statusReservedConcurrency must be a whole number from 1 to 900'],
    [
      { ingestionReservedConcurrency: 'none' },
      '-c ingestionReservedConcurrency must be a whole number from 1',
    ],
    [{ archiveRetentionDays: '-1' }, '-c archiveRetentionDays must be a whole number from 1 to 36500'],
    [{ alarmNamePrefix: 'prod recipes' }, '-c alarmNamePrefix must be letters, digits'],
    [{ ingestion: 'false', noDeliveriesAlarmHours: '2' }, 'which -c ingestion=false leaves out'],
    [{ logRetentionDays: '31' }, '-c logRetentionDays must be one of'],
    [{ ingestion: 'false', webhookUrl: 'https://x.example' }, 'which -c ingestion=false leaves out'],
    [
      {
        alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:oncall',
        ticketTopicArn: 'arn:aws:sns:eu-central-1:123456789012:tickets',
        alarmEmail: 'a@example.com',
      },
      '-c alarmEmail subscribes the component',
    ],
  ])('%j is refused with a message naming the setting', (settings, message) => {
    expect(() => parseSettings(settings)).toThrow(SettingError);
    expect(() => parseSettings(settings)).toThrow(message);
  });

  it('stops the synthesis of the app', () => {
    expect(() => synthesize({ tableRemovalPolicy: 'keep' })).toThrow(SettingError);
  });

  it.each([{ eventSource: 'recipe-status' }, { sources: 'recipe-status' }])(
    "%j, the component's own source, stops the synthesis: only its publishers may put it",
    (settings) => {
      expect(() => synthesize(settings)).toThrow(
        /"recipe-status" is the source of the component's own change events/,
      );
    },
  );

  it.each([
    ['statusReservedConcurency', 'statusReservedConcurrency'],
    ['alarmemail', 'alarmEmail'],
    ['stackname', 'stackName'],
  ])('-c %s, which looks like a setting, is refused with the nearest name', (typo, nearest) => {
    expect(() => readSettings(new App({ context: { [typo]: '5' } }).node)).toThrow(
      `-c ${typo} is not a setting: did you mean -c ${nearest}?`,
    );
  });

  it("leaves the context's other keys alone: feature flags, and words far from any setting", () => {
    const context = {
      '@aws-cdk/core:checkSecretUsage': true,
      'aws:cdk:enable-path-metadata': true,
      owner: 'me',
    };
    expect(readSettings(new App({ context }).node)).toEqual({});
  });

  it('reaches `cdk synth` as one line naming the setting, not a stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      env: {
        ...process.env,
        [OUTDIR_ENV]: mkdtempSync(join(tmpdir(), 'recipe-status-bad-setting-')),
        [CONTEXT_ENV]: JSON.stringify({ noAppliedEventsAlarmMinutes: '20000' }),
      },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^recipe-status: -c noAppliedEventsAlarmMinutes must be a whole number from 1 to 10080/,
      ),
    ]);
  }, 60_000);
});
