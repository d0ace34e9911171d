import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

// Every wrong argument is exit 2 with one line naming it and what is allowed, before any store is touched.

const folder = mkdtempSync(join(tmpdir(), 'recipe-status-arguments-'));
const aFile = join(folder, 'a-file');
writeFileSync(aFile, 'not a folder');
// Nothing listens here: an argument refused first never tries it.
const nowhere = ['--endpoint', 'http://127.0.0.1:9', '--table', 'nowhere'];
const foreignCursor = Buffer.from(JSON.stringify({ pk: 'RECIPE#x', sk: 'CURRENT' })).toString('base64url');

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('a wrong argument', () => {
  it.each([
    ['--rate too small for a timer', ['repair', '--all', '--rate', '1e-300', ...nowhere], /^--rate must be/],
    ['--rate too large', ['repair', '--all', '--rate', '1e9', ...nowhere], /^--rate must be/],
    ['--rate not a number', ['repair', '--all', '--rate', 'fast', ...nowhere], /^--rate must be/],
    ['a garbage --cursor', ['repair', '--all', '--cursor', 'garbage', ...nowhere], /^--cursor must be/],
    [
      'a cursor of a bare key',
      ['repair', '--all', '--cursor', foreignCursor, ...nowhere],
      /^--cursor must be/,
    ],
    ['--since beyond any date', ['rejected', '--since', '99999999999d', ...nowhere], /^--since must be/],
    ['--since before 1970', ['rejected', '--since', '1969-12-31', ...nowhere], /^--since must be/],
    ['--port out of range', ['serve', '--port', '70000', ...nowhere], /^--port must be a port number from 1/],
    [
      '--data-dir that is a file (read)',
      ['get', 'r1', '--data-dir', aFile],
      /^--data-dir must name a folder/,
    ],
    [
      '--data-dir under a file (write)',
      ['demo', '--data-dir', join(aFile, 'x')],
      /^--data-dir must name a folder/,
    ],
  ])('%s is exit 2 with one line naming it', async (_name, args, message) => {
    // Act
    const run = await runCli(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^recipe-status: /), '']);
    expect(run.stderr.replace(/^recipe-status: /, '')).toMatch(message);
  });
});
