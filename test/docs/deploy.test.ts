import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_BOUNDS, SETTING_NAMES, STACK_NAME_SETTING } from '../../infra/settings/settings.ts';
import { synthesize } from '../support/synth.ts';

/*
 * docs/deploy.md lists what the template holds: the settings (with their
 * bounds), the resources by CloudFormation type, and the outputs. Each list is
 * compared with the synthesized templates and the settings' definitions.
 */
const DEPLOY = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
const RUNBOOK = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

/** The rows of the table under a heading: its cells, with the header and separator rows left out. */
const tableUnder = (page: string, heading: string): string[][] => {
  const section = page.slice(page.indexOf(`\n${heading}\n`) + heading.length + 2);
  const body = section.slice(0, section.search(/\n## /) === -1 ? undefined : section.search(/\n## /));
  return body
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
};

/** The first code span of a cell: `name` → name. */
const codeIn = (cell: string | undefined): string => /`([^`]+)`/.exec(cell ?? '')?.[1] ?? '';

/** Settings that, between them, make the template hold every kind of resource and every output. */
const VARIANTS = [
  {},
  { alarmEmail: 'oncall@example.com' },
  { ingestion: 'false' },
  { eventBus: 'signageos' },
];
const templates = VARIANTS.map((settings) => synthesize(settings).template.toJSON());

describe('docs/deploy.md', () => {
  it('lists every setting, and nothing else, under Settings', () => {
    const listed = tableUnder(DEPLOY, '## Settings').map(([name]) => codeIn(name));
    expect(listed.sort()).toEqual([...SETTING_NAMES, STACK_NAME_SETTING].sort());
  });

  it('gives each numeric setting the bounds the settings check', () => {
    const bounds = Object.fromEntries(
      tableUnder(DEPLOY, '## Settings').map((row) => [codeIn(row[0]), row[3]]),
    );
    for (const [name, { min, max }] of Object.entries(SETTING_BOUNDS))
      expect(bounds[name]?.startsWith(`${min}–${max}`)).toBe(true);
  });

  it('lists every kind of resource the template can hold, and nothing else, under What it creates', () => {
    const listed = tableUnder(DEPLOY, '## What it creates').map((row) => codeIn(row[1]));
    const created = templates.flatMap((template) =>
      Object.values(template.Resources as Record<string, { Type: string }>).map(({ Type }) => Type),
    );
    expect([...new Set(listed)].sort()).toEqual([...new Set(created)].sort());
  });

  it('lists every output, and nothing else, as the runbook does', () => {
    const outputs = templates.flatMap((template) =>
      Object.keys((template.Outputs ?? {}) as Record<string, unknown>).map((key) =>
        key.replace(/^RecipeStatus/, '').replace(/[0-9A-F]{8}$/, ''),
      ),
    );
    const expected = [...new Set(outputs)].sort();
    expect(
      tableUnder(DEPLOY, '## Outputs')
        .map(([name]) => codeIn(name))
        .sort(),
    ).toEqual(expected);
    expect(
      tableUnder(RUNBOOK, '## Before you start')
        .map(([name]) => codeIn(name))
        .sort(),
    ).toEqual(expected);
  });
});
