import { RECIPE_STATUSES } from '../../../lambda/contract/event-schema.ts';
import type { StatusSummary } from '../../../lambda/store/queries/rollout-summary.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { queriesFor } from '../../store/open-store.ts';
import { withStore } from '../../store/with-store.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { formatTable } from '../../toolkit/format-table.ts';
import { printResult } from '../../toolkit/io.ts';
import { noPositionals } from '../../toolkit/positionals.ts';

const row = (name: string, summary: StatusSummary): string[] => [
  name,
  ...RECIPE_STATUSES.map((status) => String(summary.byStatus[status])),
  String(summary.total),
];

export const summaryCommand = defineCommand({
  name: 'summary',
  summary: "a rollout's exact counts per status, of an organization or a company (and its organizations)",
  usage: '(--org <uid> | --company <uid>)',
  options: {
    org: { type: 'string', description: 'the organization to count' },
    company: { type: 'string', description: 'the parent company to count, organization by organization' },
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const { org, company } = values;
    if ((org === undefined) === (company === undefined))
      throw new CliError('summary takes exactly one of --org <uid> and --company <uid>');
    const headers = ['', ...RECIPE_STATUSES, 'TOTAL'];
    if (org !== undefined) {
      const summary = await withStore(values, (connection) =>
        queriesFor(connection).summarizeOrganization(org),
      );
      printResult(io, values.json, formatTable(headers, [row(org, summary)]), summary);
      return 0;
    }
    const summary = await withStore(values, (connection) =>
      queriesFor(connection).summarizeCompany(company ?? ''),
    );
    const rows = Object.entries(summary.organizations).map(([uid, counts]) => row(uid, counts));
    printResult(io, values.json, formatTable(headers, [...rows, row('company', summary)]), summary);
    return 0;
  },
});
