import { CliError } from '../toolkit/cli-error.ts';
import type { OptionSpec } from '../toolkit/command-types.ts';

export const DEFAULT_PORT = 8787;
/** Environment variables `serve` and `sign` read when the options are not given. */
export const SECRET_VARIABLE = 'RECIPE_STATUS_WEBHOOK_SECRET';
export const URL_VARIABLE = 'RECIPE_STATUS_WEBHOOK_URL';

/** The options `serve` and `sign` share: both must agree on the secret and the URL that is signed. */
export const WEBHOOK_OPTIONS = {
  secret: {
    type: 'string',
    value: 'secret',
    description: `the webhook secret (default: $${SECRET_VARIABLE})`,
  },
  'webhook-url': {
    type: 'string',
    value: 'url',
    description: `the URL the exporter posts to, which the signature covers (default: $${URL_VARIABLE}, else serve's own address on 127.0.0.1)`,
  },
} as const satisfies Record<string, OptionSpec>;

export interface WebhookValues {
  readonly port?: string | undefined;
  readonly secret: string | undefined;
  readonly 'webhook-url': string | undefined;
}

export interface WebhookSettings {
  readonly port: number;
  readonly secret: string;
  readonly webhookUrl: string;
}

/** Port, secret and URL from the options, else the environment, else the defaults; checked. */
export const webhookSettings = (values: WebhookValues): WebhookSettings => {
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new CliError(`--port must be a port number from 1 to 65535, got "${values.port}"`);
  const secret = values.secret ?? process.env[SECRET_VARIABLE];
  if (secret === undefined || secret === '')
    throw new CliError(`give the webhook secret with --secret or ${SECRET_VARIABLE}`);
  const webhookUrl = values['webhook-url'] ?? process.env[URL_VARIABLE] ?? `http://127.0.0.1:${port}/webhook`;
  try {
    new URL(webhookUrl);
  } catch {
    throw new CliError(`--webhook-url is not a URL: "${webhookUrl}"`);
  }
  return { port, secret, webhookUrl };
};
