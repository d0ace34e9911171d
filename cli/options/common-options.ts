import { type EventPattern, recipeStatusEventPattern } from '../../lambda/contract/event-pattern.ts';
import { DATA_DIR_VARIABLE, DEFAULT_DATA_DIR } from '../store/open-store.ts';
import type { OptionSpec } from '../toolkit/command-types.ts';
import { HELP_OPTION } from '../toolkit/help-option.ts';

// Options several commands share, declared once; `--help` lists them apart from each command's own.

export const DATA_DIR_OPTION = {
  'data-dir': {
    type: 'string',
    value: 'dir',
    description: `local store folder (default $${DATA_DIR_VARIABLE}, else ./${DEFAULT_DATA_DIR})`,
  },
} as const satisfies Record<string, OptionSpec>;

export const STORE_OPTIONS = {
  ...DATA_DIR_OPTION,
  endpoint: {
    type: 'string',
    value: 'url',
    description: 'any DynamoDB endpoint, e.g. a DynamoDB Local you run',
  },
  table: {
    type: 'string',
    value: 'name',
    description: 'table name; with no --endpoint: real AWS, standard credentials and region',
  },
} as const satisfies Record<string, OptionSpec>;

export const JSON_OPTION = {
  json: { type: 'boolean', description: 'machine-readable output' },
} as const satisfies Record<string, OptionSpec>;

/** The commands that route events through the rule's pattern: the deployed rule names its sources and account. */
export const RULE_OPTIONS = {
  source: {
    type: 'string',
    value: 'sources',
    description: 'comma-separated sources to match, as the deployed rule does (default: signageos)',
  },
  account: {
    type: 'string',
    value: 'id',
    description: 'match only events from this AWS account, as the deployed rule does (default: any)',
  },
} as const satisfies Record<string, OptionSpec>;

/** The deployed rule's pattern, less the account unless one is named: recorded events replay anywhere. */
export const rulePattern = (values: {
  readonly source?: string | undefined;
  readonly account?: string | undefined;
}): EventPattern =>
  recipeStatusEventPattern(
    values.source
      ?.split(',')
      .map((source) => source.trim())
      .filter((source) => source !== ''),
    values.account,
  );

export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...STORE_OPTIONS,
  ...JSON_OPTION,
  ...HELP_OPTION,
};
