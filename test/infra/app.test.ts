import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CONTEXT_ENV,
  CURRENT_VERSION_EXPIRED_FLAGS,
  CURRENTLY_RECOMMENDED_FLAGS,
  OUTDIR_ENV,
} from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { CDK_JSON_CONTEXT } from '../support/synth.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { app: string };

describe("cdk.json's feature flags", () => {
  it('are every flag the installed aws-cdk-lib recommends for a new project, at its value', () => {
    // Upgrading aws-cdk-lib may add flags: `npx cdk flags --unstable=flags` lists them.
    expect(CDK_JSON_CONTEXT).toMatchObject(CURRENTLY_RECOMMENDED_FLAGS);
  });

  it('hold no flag that has expired, nor the v1-only newStyleStackSynthesis', () => {
    const names = Object.keys(CDK_JSON_CONTEXT);
    for (const expired of [...CURRENT_VERSION_EXPIRED_FLAGS, '@aws-cdk/core:newStyleStackSynthesis'])
      expect(names).not.toContain(expired);
  });
});

describe("cdk.json's app", () => {
  it('synthesizes the stack offline, its functions bundled, as the CDK CLI runs it', () => {
    // The CLI builds the functions' bundles first (scripts/build.ts), then runs the app.
    expect(cdkJson.app).toBe('npx tsx scripts/build.ts bundles && npx tsx infra/app.ts');
    const outdir = mkdtempSync(join(tmpdir(), 'recipe-status-synth-'));
    try {
      // What the CLI does: run the app with the context and an output directory in the environment.
      execFileSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          [OUTDIR_ENV]: outdir,
          [CONTEXT_ENV]: JSON.stringify(CDK_JSON_CONTEXT),
        },
        stdio: 'pipe',
      });
      const template = JSON.parse(readFileSync(join(outdir, 'RecipeStatus.template.json'), 'utf8')) as {
        Resources: Record<string, { Type: string }>;
      };
      expect(template.Resources.RecipeStatusTable2C6C9BBD?.Type).toBe('AWS::DynamoDB::Table');
      const bundles = readdirSync(outdir)
        .filter((entry) => entry.startsWith('asset.'))
        .map((asset) => readFileSync(join(outdir, asset, 'index.mjs'), 'utf8'));
      expect(bundles).toHaveLength(4);
      for (const bundle of bundles) expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    // Bundling both functions takes a few seconds alone, much longer on a busy machine.
  }, 180_000);
});
