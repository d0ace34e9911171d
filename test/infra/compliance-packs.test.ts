import { readFileSync } from 'node:fs';
import { HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../support/synth.ts';

/*
 * The HIPAA, NIST 800-53 R5 and PCI DSS 3.2.1 packs are not the stack's gate
 * (AwsSolutions and Serverless are), but what they still flag is written down
 * in docs/security.md with why each finding is accepted. This test keeps the
 * two equal: a new finding fails until it is fixed or documented, and a
 * documented one that no longer occurs fails until the docs drop it.
 */

const SECURITY_DOC = new URL('../../docs/security.md', import.meta.url);

/** `rule resource` pairs from the findings table: each row's rules times its resources. */
const documentedFindings = (): string[] => {
  const text = readFileSync(SECURITY_DOC, 'utf8');
  const section = text.split('\n## ').find((part) => part.startsWith('Compliance packs'));
  if (section === undefined) throw new Error('docs/security.md has no "## Compliance packs" section');
  const pairs: string[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const rules = [
      ...(cells[1] ?? '').matchAll(/`((?:HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-\w+)`/g),
    ];
    const resources = [...(cells[2] ?? '').matchAll(/`([\w/-]+)`/g)];
    for (const [, rule] of rules) for (const [, resource] of resources) pairs.push(`${rule} ${resource}`);
  }
  return pairs.sort();
};

describe('the compliance packs over the default stack', () => {
  it('flag exactly the findings docs/security.md accepts', () => {
    // Prepare
    const { app, stack } = synthesize();
    const prefix = `${stack.node.path}/RecipeStatus/`;

    // Act
    const found = [new HIPAASecurityChecks(), new NIST80053R5Checks(), new PCIDSS321Checks()].flatMap(
      (pack) =>
        pack
          .validateScope(app)
          .violations.flatMap((violation) =>
            violation.violatingResources.map(
              (resource) =>
                `${violation.ruleName} ${(resource.constructPath ?? '?').replace(prefix, '').replace(/\/Resource$/, '')}`,
            ),
          ),
    );

    // Assess
    expect([...new Set(found)].sort()).toEqual(documentedFindings());
  }, 120_000);
});
