import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { WEBHOOK_OPTIONS, webhookSettings } from '../../options/webhook-settings.ts';
import { formatCheckReport } from '../../output/check-report.ts';
import { CHECK_RECIPE_UID } from '../../pipelines/check-delivery.ts';
import { runDeploymentCheck } from '../../pipelines/deployment-check.ts';
import { readHistoryRecord } from '../../store/history-record.ts';
import { openStore, queriesFor } from '../../store/open-store.ts';
import { readStoredSecret, regionOfArn } from '../../store/stored-secret.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { printResult } from '../../toolkit/io.ts';
import { noPositionals } from '../../toolkit/positionals.ts';

const DEFAULT_TIMEOUT_SECONDS = 30;
/** The exit code of a check that ran and found a hop failing (2 stays a command written wrong). */
export const CHECK_FAILED_EXIT_CODE = 1;

export const checkCommand = defineCommand({
  name: 'check',
  summary: `prove a deployment end to end: a signed delivery of recipe ${CHECK_RECIPE_UID}, read back from the table`,
  usage: '',
  options: {
    ...WEBHOOK_OPTIONS,
    'secret-arn': {
      type: 'string',
      value: 'arn',
      description: 'read the webhook secret from Secrets Manager (the stack output WebhookSecretArn)',
    },
    timeout: {
      type: 'string',
      value: 'seconds',
      description: `how long the status may take to be readable (default ${DEFAULT_TIMEOUT_SECONDS})`,
    },
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const secretArn = values['secret-arn'];
    if (secretArn !== undefined && values.secret !== undefined)
      throw new CliError('give the webhook secret with --secret or --secret-arn, not both');
    const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 900)
      throw new CliError(`--timeout must be seconds between 0 and 900, got "${values.timeout}"`);
    const { secret, webhookUrl } = webhookSettings({
      ...values,
      secret: secretArn === undefined ? values.secret : await readStoredSecret(secretArn),
    });
    const report = await runDeploymentCheck({
      webhookUrl,
      secret,
      timeoutMs: Math.round(timeout * 1000),
      openTable: async () => {
        const connection = await openStore({
          dataDir: values['data-dir'],
          endpoint: values.endpoint,
          table: values.table,
          access: 'read',
          fallbackRegion: secretArn === undefined ? undefined : regionOfArn(secretArn),
        });
        const queries = queriesFor(connection);
        return {
          read: () => queries.getRecipe(CHECK_RECIPE_UID, { consistentRead: true }),
          readEvent: (eventId) => readHistoryRecord(connection, CHECK_RECIPE_UID, eventId),
          close: () => connection.close(),
        };
      },
    });
    printResult(io, values.json, formatCheckReport(report), report);
    return report.passed ? 0 : CHECK_FAILED_EXIT_CODE;
  },
});
