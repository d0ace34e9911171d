import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { BIN } from '../../../support/cli.ts';
import { recipeEvent } from '../../../support/events.ts';
import { forwardTo, listenOnLoopback } from '../../../support/loopback-server.ts';
import { freshStore, id } from '../recipe-fixtures.ts';

// `replay` stopped by Ctrl-C (or SIGTERM) says what it did and where to resume, off a terminal too.

const EVENTS = 40;
const input = Array.from({ length: EVENTS }, (_, index) =>
  JSON.stringify(recipeEvent({ id: id(100 + index), recipeUid: `slow-${index}` })),
).join('\n');

describe('recipe-status replay, interrupted', () => {
  it('prints the lines done, then how many did not run and the line to resume from', {
    timeout: 120_000,
  }, async () => {
    // Prepare: DynamoDB Local behind a proxy that answers each request after 200 ms, so the run is still going.
    const upstream = new URL(inject('dynamoDbEndpoint'));
    const proxy = await listenOnLoopback(
      createServer((incoming, outgoing) => {
        setTimeout(() => forwardTo(upstream, incoming, outgoing), 200);
      }),
    );
    const [, , , table = ''] = freshStore();
    const child = spawn(
      process.execPath,
      [BIN, 'replay', '-', '--json', '--endpoint', proxy.endpoint, '--table', table],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(input);
    const exited = new Promise<number | null>((done) => child.once('close', done));
    const deadline = Date.now() + 60_000;
    while (!stderr.includes('writing to') && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 50));
    await new Promise((done) => setTimeout(done, 1_500));

    try {
      // Act
      child.kill('SIGINT');
      const code = await exited;

      // Assess
      expect(code).toBe(130);
      const done = stdout
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line));
      expect(done.length).toBeGreaterThan(0);
      expect(done.length).toBeLessThan(EVENTS);
      expect(stderr).toContain(
        `recipe-status: interrupted (SIGINT): ${EVENTS - done.length} events not run; resume from line ${done.length + 1}\n`,
      );
    } finally {
      await proxy.close();
    }
  });
});
