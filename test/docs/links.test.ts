import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchors, links, slug, withoutLinkTargets } from './markdown-links.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README_MAX_LINES = 200;

const markdownUnder = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return markdownUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });

const PAGES = ['README.md', ...markdownUnder('docs')];
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');

/** What is wrong with one link of a page, or undefined when it resolves inside the repository. */
const problemWith = (page: string, target: string): string | undefined => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return 'leaves the repository (a URL)';
  if (target === '') return 'is empty';
  const [rawPath = '', anchor] = target.split('#', 2);
  const path = decodeURIComponent(rawPath);
  if (isAbsolute(path)) return 'is absolute: write it relative to the page';
  const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), path);
  const inRepository = relative(ROOT, file);
  if (inRepository.startsWith('..') || isAbsolute(inRepository)) return 'leaves the repository';
  if (!existsSync(file)) return `names ${inRepository}, which does not exist`;
  if (anchor !== undefined && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor))
    return `names the anchor #${anchor}, which ${inRepository} has no heading for`;
  return undefined;
};

describe('the link checker itself', () => {
  it('finds the links GitHub renders and none inside code', () => {
    const page = [
      'See [the runbook](docs/operations.md#alarms "title") and ![a diagram](img/a.png).',
      'A `[link](inside/code.md)` span, <https://example.com/auto>, and https://example.com/bare.',
      '```sh',
      'curl https://example.com/fenced [x](fenced.md)',
      '```',
      '[ref]: docs/cli.md',
      '<a href="page.html">html</a>',
    ].join('\n');

    expect(links(page)).toEqual([
      { target: 'docs/operations.md#alarms', line: 1 },
      { target: 'img/a.png', line: 1 },
      { target: 'https://example.com/auto', line: 2 },
      { target: 'https://example.com/bare', line: 2 },
      { target: 'docs/cli.md', line: 6 },
      { target: 'page.html', line: 7 },
    ]);
  });

  it("gives headings GitHub's anchors", () => {
    expect(slug('FailureQueueAlarm')).toBe('failurequeuealarm');
    expect(slug('The `recipe-status` CLI')).toBe('the-recipe-status-cli');
    expect(slug('From signageOS to EventBridge: the signed webhook')).toBe(
      'from-signageos-to-eventbridge-the-signed-webhook',
    );
    expect([...anchors('# A\n```\n# not a heading\n```\n## A\n### Cost model')]).toEqual([
      'a',
      'a-1',
      'cost-model',
    ]);
  });

  it('refuses URLs, paths out of the repository and missing files or anchors', () => {
    expect(problemWith('README.md', 'https://example.com')).toMatch(/URL/);
    expect(problemWith('docs/cli.md', '../../outside-the-repository.md')).toMatch(/leaves the repository/);
    expect(problemWith('docs/cli.md', 'nowhere.md')).toMatch(/does not exist/);
    expect(problemWith('docs/cli.md', '#no-such-heading')).toMatch(/no heading/);
    expect(problemWith('docs/cli.md', '../README.md')).toBeUndefined();
  });
});

describe.each(PAGES)('%s', (page) => {
  const text = read(page);

  it('has only links that resolve to a file (and heading) in the repository', () => {
    const problems = links(text).flatMap(({ target, line }) => {
      const problem = problemWith(page, target);
      return problem === undefined ? [] : [`${page}:${line} ${target} ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it('names no path outside the repository, in text or code', () => {
    const outside = withoutLinkTargets(text)
      .split('\n')
      .flatMap((line, index) =>
        /\.\.\/|(?<![\w/])shared\//.test(line) ? [`${page}:${index + 1} ${line.trim()}`] : [],
      );
    expect(outside).toEqual([]);
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it(`is at most ${README_MAX_LINES} lines`, () => {
    expect(readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0)).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('links every page of docs/', () => {
    const linked = new Set(links(readme).map(({ target }) => target.split('#')[0]));
    expect(PAGES.filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });
});
