import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STACK_NAME,
  parseSettings,
  type RecipeStatusSettings,
  readSettings,
  readStackName,
  SETTING_NAMES,
  SettingError,
} from '../../infra/settings.ts';
import { synthesize } from '../support/synth.ts';

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
  alarmEmail: 'oncall@example.com',
  logRetentionDays: '90',
  historyRetentionDays: '400',
  rejectedRetentionDays: '30',
  noAppliedEventsAlarmMinutes: '120',
  ingestion: 'false',
  webhookUrl: 'https://hooks.example.com/signageos',
  eventSource: 'signageos.prod',
  eventBusWriters: 'arn:aws:iam::123456789012:role/deliveries',
  archiveRetentionDays: '30',
  statusReservedConcurrency: '25',
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
    const root = fileURLToPath(new URL('../../', import.meta.url));
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
    [{ historyRetentionDays: '0' }, '-c historyRetentionDays must be a whole number above 0, got "0"'],
    [{ rejectedRetentionDays: '1.5' }, '-c rejectedRetentionDays must be a whole number above 0, got "1.5"'],
    [
      { noAppliedEventsAlarmMinutes: 'soon' },
      '-c noAppliedEventsAlarmMinutes must be a whole number above 0',
    ],
    [{ logRetentionDays: '31' }, '-c logRetentionDays must be one of'],
    [{ ingestion: 'false', webhookUrl: 'https://x.example' }, 'which -c ingestion=false leaves out'],
    [
      { alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:oncall', alarmEmail: 'a@example.com' },
      '-c alarmEmail subscribes the component',
    ],
  ])('%j is refused with a message naming the setting', (settings, message) => {
    expect(() => parseSettings(settings)).toThrow(SettingError);
    expect(() => parseSettings(settings)).toThrow(message);
  });

  it('stops the synthesis of the app', () => {
    expect(() => synthesize({ tableRemovalPolicy: 'keep' })).toThrow(SettingError);
  });
});
