import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '../../../../dynamodb-local/launcher.ts';
import { BIN, runCli } from '../../../support/cli.ts';
import { deliveryBody, SECRET, signedHeaders } from '../../../support/webhook.ts';

let server: ChildProcess;
let output = '';
let url: string;
let store: string[];
let folder: string;

beforeAll(async () => {
  const port = await findFreePort();
  url = `http://127.0.0.1:${port}/webhook`;
  store = ['--endpoint', inject('dynamoDbEndpoint'), '--table', `serve-${randomUUID()}`];
  folder = mkdtempSync(join(tmpdir(), 'recipe-status-serve-'));
  // Detached, so afterAll can stop its whole process group, whatever it started.
  server = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--json', ...store], {
    env: { ...process.env, RECIPE_STATUS_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await outputContaining('listening on');
  expect(output).toContain(`listening on ${url}`);
});

afterAll(async () => {
  if (server.exitCode === null && server.pid !== undefined) {
    const exited = new Promise((done) => server.once('exit', done));
    process.kill(-server.pid, 'SIGTERM');
    await exited;
  }
  rmSync(folder, { recursive: true, force: true });
});

/** Waits until the server has printed `text` (it logs a request after answering it), or it exits. */
const outputContaining = async (text: string): Promise<void> => {
  const deadline = Date.now() + 50_000;
  while (!output.includes(text) && server.exitCode === null && Date.now() < deadline)
    await new Promise((done) => setTimeout(done, 50));
};

const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers });

describe('recipe-status serve: the pipeline on localhost', () => {
  it('takes signed deliveries over HTTP into the store, where the CLI reads them back', async () => {
    // Prepare
    const pending = deliveryBody('01a21723-06f2-7b1c-9d2f-8c4e6a1b3d5f', {
      recipeUid: 'served-1',
      status: 'Pending',
    });
    const applied = deliveryBody('01a21723-06f3-7b1c-9d2f-8c4e6a1b3d5f', {
      recipeUid: 'served-1',
      status: 'Applied',
    });

    // Act
    const responses = [
      await post(applied, signedHeaders({ url, body: applied })),
      await post(pending, signedHeaders({ url, body: pending })),
    ];

    // Assess
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const got = await runCli(['get', 'served-1', '--json', ...store]);
    expect(JSON.parse(got.stdout)).toMatchObject({ recipeUid: 'served-1', status: 'Applied' });
    const history = JSON.parse((await runCli(['history', 'served-1', '--json', ...store])).stdout);
    expect(history.map((record: { status: string }) => record.status)).toEqual(['Pending', 'Applied']);
    await outputContaining('"outcome":"stale"');
    expect(output).toContain('"outcome":"stale"');
  });

  it('refuses what the Lambda refuses, with the same status codes', async () => {
    // Act
    const body = deliveryBody('refused-1', { recipeUid: 'refused' });
    const wrongSecret = await post(
      body,
      signedHeaders({ url, body, secret: 'another-secret-0123456789abcdefghijklmn' }),
    );
    const unsigned = await post(body, { 'content-type': 'application/json' });
    const get = await fetch(url);
    const elsewhere = await fetch(url.replace('/webhook', '/other'), { method: 'POST', body });

    // Assess
    expect([wrongSecret.status, unsigned.status, get.status, elsewhere.status]).toEqual([401, 401, 405, 404]);
    expect(await wrongSecret.json()).toMatchObject({ error: 'bad-signature' });
    expect((await runCli(['get', 'refused', ...store])).code).toBe(3);
  });

  it('accepts a sibling event type and leaves it to the rule, which ignores it', async () => {
    // Prepare
    const body = JSON.stringify({
      id: 'sibling-1',
      kind: 'domain',
      type: 'Device.ProvisioningRecipeDeleted',
      payload: {},
    });

    // Act
    const response = await post(body, signedHeaders({ url, body }));

    // Assess
    expect(response.status).toBe(200);
    const line = '"eventId":"sibling-1","type":"Device.ProvisioningRecipeDeleted","outcome":"ignored"';
    await outputContaining(line);
    expect(output).toContain(line);
  });

  it('sign prints a curl command that serve accepts, as the README shows', async () => {
    // Prepare
    const file = join(folder, 'delivery.json');
    writeFileSync(
      file,
      deliveryBody('01a21723-0700-7b1c-9d2f-8c4e6a1b3d5f', { recipeUid: 'curl-1', status: 'Failed' }),
    );

    // Act
    const signed = await runCli(['sign', file, '--webhook-url', url], {
      env: { ...process.env, RECIPE_STATUS_WEBHOOK_SECRET: SECRET },
    });
    expect(signed.stdout).toMatch(/^curl -sS -X POST /);
    const curl = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const child = spawn('bash', ['-c', signed.stdout], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.once('close', (code) => done({ code, stdout }));
    });

    // Assess
    expect(curl.code).toBe(0);
    expect(JSON.parse(curl.stdout)).toEqual({ accepted: '01a21723-0700-7b1c-9d2f-8c4e6a1b3d5f' });
    expect(JSON.parse((await runCli(['get', 'curl-1', '--json', ...store])).stdout).status).toBe('Failed');
  });

  it('names what is missing when started without a secret', async () => {
    // Prepare
    const env = { ...process.env };
    delete env.RECIPE_STATUS_WEBHOOK_SECRET;

    // Act
    const run = await runCli(['serve', '--port', '1', ...store], { env });

    // Assess
    expect(run).toMatchObject({
      code: 2,
      stderr: 'recipe-status: give the webhook secret with --secret or RECIPE_STATUS_WEBHOOK_SECRET\n',
    });
  });

  it('survives a client that aborts mid-body and serves the next delivery', async () => {
    // Prepare
    const { port } = new URL(url);
    const body = deliveryBody('01a21723-0701-7b1c-9d2f-8c4e6a1b3d5f', { recipeUid: 'after-abort' });

    // Act
    await new Promise<void>((done) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"id":');
        setTimeout(() => socket.destroy(), 100);
      });
      socket.once('close', () => done());
    });
    await outputContaining('"outcome":"dropped"');
    const next = await post(body, signedHeaders({ url, body }));

    // Assess
    expect(server.exitCode).toBeNull();
    expect(next.status).toBe(200);
    expect(output).toContain('"outcome":"dropped"');
  });
});
