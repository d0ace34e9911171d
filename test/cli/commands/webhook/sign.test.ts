import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.ts';

// A known answer, computed outside our code:
//   printf '%s' 'POSThttps://example.com/webhook1700000000{"id":"x"}' \
//     | openssl dgst -sha256 -hmac 'kat-secret' -binary | base64
const KAT = {
  secret: 'kat-secret',
  url: 'https://example.com/webhook',
  timestamp: '1700000000',
  body: '{"id":"x"}',
  signature: 'v1=2T/bZ8LV7hKnqtCe0Fxfc4/e2oocBabOhwvrqKCy0+8=',
};

/** The environment without the webhook variables, so only the options count. */
const cleanEnv = () => {
  const env = { ...process.env };
  delete env.RECIPE_STATUS_WEBHOOK_SECRET;
  delete env.RECIPE_STATUS_WEBHOOK_URL;
  return env;
};

describe('recipe-status sign', () => {
  let folder: string;
  let file: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'recipe-status-sign-'));
    file = join(folder, 'delivery.json');
    writeFileSync(file, KAT.body);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('signs as signageOS documents it: the known answer, as JSON', async () => {
    // Act
    const run = await runCli(
      [
        'sign',
        file,
        '--secret',
        KAT.secret,
        '--webhook-url',
        KAT.url,
        '--timestamp',
        KAT.timestamp,
        '--json',
      ],
      { env: cleanEnv() },
    );
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      url: KAT.url,
      headers: { 'X-SOS-Timestamp': KAT.timestamp, 'X-SOS-Signature': KAT.signature },
    });
  });

  it('prints a curl command with the same signature, reading the secret and URL from the environment and the body from stdin', async () => {
    // Act
    const run = await runCli(['sign', '-', '--timestamp', KAT.timestamp], {
      input: KAT.body,
      env: { ...cleanEnv(), RECIPE_STATUS_WEBHOOK_SECRET: KAT.secret, RECIPE_STATUS_WEBHOOK_URL: KAT.url },
    });
    // Assess
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `curl -sS -X POST '${KAT.url}' -H 'content-type: application/json' ` +
        `-H 'x-sos-timestamp: ${KAT.timestamp}' -H 'x-sos-signature: ${KAT.signature}' --data-binary @-\n`,
    });
  });

  it.each([
    [
      ['--secret', 's', '--timestamp', 'soon'],
      'recipe-status: --timestamp must be Unix seconds, got "soon"\n',
    ],
    [[], 'recipe-status: give the webhook secret with --secret or RECIPE_STATUS_WEBHOOK_SECRET\n'],
    [['--secret', 's', '--webhook-url', 'nowhere'], 'recipe-status: --webhook-url is not a URL: "nowhere"\n'],
    [['--table', 't'], 'recipe-status: sign does not take --table. Run recipe-status --help for usage.\n'],
  ])('%j is refused with one line and exit 2', async (args, message) => {
    // Act
    const run = await runCli(['sign', file, ...args], { env: cleanEnv() });
    // Assess
    expect(run).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
