import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkCommand } from '../../../../cli/commands/webhook/check.ts';
import { checkDeliveryBody, newUuidV7 } from '../../../../cli/pipelines/check-delivery.ts';
import { startWebhookServer } from '../../../../cli/pipelines/webhook-server.ts';
import type { Io } from '../../../../cli/toolkit/io.ts';
import { findFreePort, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../../dynamodb-local/launcher.ts';
import { recipeStatusEventPattern } from '../../../../lambda/contract/event-pattern.ts';
import { signature } from '../../../../lambda/ingestion/webhook-signature.ts';
import { createDocumentClient } from '../../../../lambda/store/dynamodb-client.ts';
import { BIN, runCli } from '../../../support/cli.ts';
import { SECRET } from '../../../support/webhook.ts';

// `recipe-status check` against `recipe-status serve` and DynamoDB Local: the whole path, then each hop broken.

const RESERVED_UID = 'recipe-status-deployment-check';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:RecipeStatusWebhookSecret-AbCdEf';

let serve: ChildProcess;
let output = '';
let url: string;
let store: string[];

beforeAll(async () => {
  const port = await findFreePort();
  url = `http://127.0.0.1:${port}/webhook`;
  store = ['--endpoint', inject('dynamoDbEndpoint'), '--table', `check-${randomUUID()}`];
  // Detached, so afterAll can stop its whole process group, whatever it started.
  serve = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...store], {
    env: { ...process.env, RECIPE_STATUS_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const stream of [serve.stdout, serve.stderr])
    stream?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
  const deadline = Date.now() + 50_000;
  while (!output.includes('listening on') && serve.exitCode === null && Date.now() < deadline)
    await new Promise((done) => setTimeout(done, 50));
  expect(output).toContain(`listening on ${url}`);
});

afterAll(async () => {
  if (serve.exitCode === null && serve.pid !== undefined) {
    const exited = new Promise((done) => serve.once('exit', done));
    process.kill(-serve.pid, 'SIGTERM');
    await exited;
  }
});

/** The environment without the webhook variables, so only the options count. */
const cleanEnv = () => {
  const env = { ...process.env };
  delete env.RECIPE_STATUS_WEBHOOK_SECRET;
  delete env.RECIPE_STATUS_WEBHOOK_URL;
  return env;
};

const check = (args: readonly string[]) => runCli(['check', '--json', ...args], { env: cleanEnv() });

const reportOf = (stdout: string) =>
  JSON.parse(stdout) as {
    recipeUid: string;
    eventId: string;
    passed: boolean;
    failedHop?: string;
    hops: { hop: string; state: string; afterMs?: number }[];
  };

const currentEventId = async (): Promise<string | undefined> => {
  const got = await runCli(['get', RESERVED_UID, '--json', ...store]);
  return got.code === 0 ? (JSON.parse(got.stdout) as { eventId: string }).eventId : undefined;
};

describe('recipe-status check', () => {
  it('passes against serve and DynamoDB Local, each hop with its latency, and the status is in the table', async () => {
    // Act
    const run = await check(['--webhook-url', url, '--secret', SECRET, ...store]);

    // Assess
    expect(run.code).toBe(0);
    const report = reportOf(run.stdout);
    expect(report).toMatchObject({ recipeUid: RESERVED_UID, passed: true });
    expect(report.hops.map(({ hop, state }) => `${hop} ${state}`)).toEqual([
      'webhook ok',
      'bus ok',
      'function ok',
      'table ok',
    ]);
    for (const hop of report.hops) expect(hop.afterMs).toEqual(expect.any(Number));
    expect(await currentEventId()).toBe(report.eventId);
  });

  it("passes when its event is recorded but stale, an earlier check's event from a clock ahead being current", async () => {
    // Prepare: a check delivery from a clock 4 minutes ahead (the ordering rule trusts 5), recorded as current.
    const ahead = newUuidV7(Date.now() + 4 * 60_000);
    const body = Buffer.from(checkDeliveryBody(ahead), 'utf8');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sent = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sos-timestamp': timestamp,
        'x-sos-signature': signature(SECRET, { method: 'POST', url, timestamp, body }),
      },
      body,
    });
    expect(sent.status).toBe(200);
    expect(await currentEventId()).toBe(ahead);

    try {
      // Act
      const run = await runCli(['check', '--webhook-url', url, '--secret', SECRET, ...store], {
        env: cleanEnv(),
      });

      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("(stale: the recipe holds a later check's event)");
      expect(await currentEventId()).toBe(ahead);
    } finally {
      // The later event must not outlive this test: the others read the current status.
      const documentClient = createDocumentClient({
        endpoint: inject('dynamoDbEndpoint'),
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      await documentClient.send(
        new DeleteCommand({
          TableName: store[3],
          Key: { pk: `RECIPE#${RESERVED_UID}`, sk: 'CURRENT' },
        }),
      );
      documentClient.destroy();
    }
  });

  it('says in its text output which recipe it used, and that it is reserved', async () => {
    const run = await runCli(['check', '--webhook-url', url, '--secret', SECRET, ...store], {
      env: cleanEnv(),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`recipe ${RESERVED_UID} (reserved for this check)`);
    expect(run.stdout).toMatch(/^table\s+ok\s+\+\d+ ms/m);
    expect(run.stdout).toMatch(/passed: the whole path works\n$/);
  });

  it('fails at the webhook hop when the secret is not the endpoint’s, and nothing is written', async () => {
    // Prepare
    const before = await currentEventId();

    // Act
    const run = await check([
      '--webhook-url',
      url,
      '--secret',
      'another-secret-0123456789abcdefghij',
      ...store,
    ]);

    // Assess
    expect(run.code).toBe(1);
    const report = reportOf(run.stdout);
    expect(report.failedHop).toBe('webhook');
    expect(report.hops[0]).toMatchObject({ hop: 'webhook', state: 'failed' });
    expect(report.hops.slice(1).map((hop) => hop.state)).toEqual([
      'not-reached',
      'not-reached',
      'not-reached',
    ]);
    expect(await currentEventId()).toBe(before);
  });

  it('fails at the table hop when the table cannot be reached', async () => {
    // Prepare: a loopback port nothing listens on.
    const closed = `http://127.0.0.1:${await findFreePort()}`;

    // Act
    const run = await check([
      '--webhook-url',
      url,
      '--secret',
      SECRET,
      '--endpoint',
      closed,
      '--table',
      'any',
    ]);

    // Assess
    expect(run.code).toBe(1);
    const report = reportOf(run.stdout);
    expect(report.failedHop).toBe('table');
    expect(report.hops.map(({ hop, state }) => `${hop} ${state}`)).toEqual([
      'webhook ok',
      'bus not-reached',
      'function not-reached',
      'table failed',
    ]);
  });

  it('fails at the function hop when the webhook answers but no function records the event', async () => {
    // Prepare: serve's pipeline with a rule that matches another source, so the status function never runs.
    const port = await findFreePort();
    const deaf: Server = await startWebhookServer({
      port,
      secret: SECRET,
      webhookUrl: `http://127.0.0.1:${port}/webhook`,
      source: 'signageos',
      pattern: recipeStatusEventPattern(['another-source']),
      processEvent: () => Promise.reject(new Error('the status function must not run')),
      onRequest: () => {},
    });

    try {
      // Act
      const run = await check([
        '--webhook-url',
        `http://127.0.0.1:${port}/webhook`,
        '--secret',
        SECRET,
        '--timeout',
        '1.5',
        ...store,
      ]);

      // Assess
      expect(run.code).toBe(1);
      const report = reportOf(run.stdout);
      expect(report.failedHop).toBe('function');
      expect(report.hops.map(({ hop, state }) => `${hop} ${state}`)).toEqual([
        'webhook ok',
        'bus ok',
        'function failed',
        'table not-reached',
      ]);
    } finally {
      deaf.close();
    }
  });

  it('fails at the bus hop when the endpoint cannot hand the event on, as serve does when its status path fails', async () => {
    // Prepare: serve's pipeline whose status path cannot reach its table: the endpoint answers 503.
    const port = await findFreePort();
    const failing: Server = await startWebhookServer({
      port,
      secret: SECRET,
      webhookUrl: `http://127.0.0.1:${port}/webhook`,
      source: 'signageos',
      pattern: recipeStatusEventPattern(),
      processEvent: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')),
      onRequest: () => {},
    });

    try {
      // Act
      const run = await check([
        '--webhook-url',
        `http://127.0.0.1:${port}/webhook`,
        '--secret',
        SECRET,
        ...store,
      ]);

      // Assess
      expect(run.code).toBe(1);
      const report = reportOf(run.stdout);
      expect(report.failedHop).toBe('bus');
      expect(report.hops.map(({ hop, state }) => `${hop} ${state}`)).toEqual([
        'webhook ok',
        'bus failed',
        'function not-reached',
        'table not-reached',
      ]);
    } finally {
      failing.close();
    }
  });

  it('reads the current secret from Secrets Manager with --secret-arn, in the ARN’s region', async () => {
    // Prepare
    const secretsManager = mockClient(SecretsManagerClient);
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    let stdout = '';
    const io: Io = {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => {},
      readStdin: () => '',
      stderrIsTty: false,
    };

    try {
      // Act
      const code = await checkCommand.execute(
        ['--webhook-url', url, '--secret-arn', SECRET_ARN, '--json', ...store],
        io,
      );

      // Assess
      expect(code).toBe(0);
      expect(reportOf(stdout).passed).toBe(true);
      const calls = secretsManager.commandCalls(GetSecretValueCommand);
      expect(calls.map((call) => call.args[0].input)).toEqual([
        { SecretId: SECRET_ARN, VersionStage: 'AWSCURRENT' },
      ]);
      expect(await calls[0]?.thisValue.config.region()).toBe('eu-central-1');
    } finally {
      secretsManager.restore();
    }
  });

  it('refuses --secret with --secret-arn, and a timeout that is not seconds, as a usage error', async () => {
    const both = await check([
      '--webhook-url',
      url,
      '--secret',
      SECRET,
      '--secret-arn',
      SECRET_ARN,
      ...store,
    ]);
    const timeout = await check(['--webhook-url', url, '--secret', SECRET, '--timeout', 'soon', ...store]);

    expect([both.code, timeout.code]).toEqual([2, 2]);
    expect(both.stderr).toContain('not both');
    expect(timeout.stderr).toContain('--timeout must be seconds');
  });
});
