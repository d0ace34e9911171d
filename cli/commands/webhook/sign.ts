import { signature } from '../../../lambda/ingestion/webhook-signature.ts';
import { JSON_OPTION } from '../../options/common-options.ts';
import { WEBHOOK_OPTIONS, webhookSettings } from '../../options/webhook-settings.ts';
import { CliError } from '../../toolkit/cli-error.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { readInput } from '../../toolkit/io.ts';
import { onePositional } from '../../toolkit/positionals.ts';

const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

export const signCommand = defineCommand({
  name: 'sign',
  summary: 'print a curl command that POSTs the file, signed as signageOS signs',
  usage: '<file|->',
  options: {
    ...WEBHOOK_OPTIONS,
    timestamp: { type: 'string', value: 'unix s', description: 'the signed timestamp (default: now)' },
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    const source = onePositional(positionals, 'the file to sign (or - for stdin)');
    const { secret, webhookUrl } = webhookSettings(values);
    const body = Buffer.from(readInput(source, io), 'utf8');
    const timestamp = values.timestamp ?? String(Math.floor(Date.now() / 1000));
    if (!/^\d+$/.test(timestamp)) throw new CliError(`--timestamp must be Unix seconds, got "${timestamp}"`);
    const signed = signature(secret, { method: 'POST', url: webhookUrl, timestamp, body });
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ url: webhookUrl, headers: { 'X-SOS-Timestamp': timestamp, 'X-SOS-Signature': signed } })}\n`,
      );
      return 0;
    }
    io.stdout(
      `curl -sS -X POST ${shellQuote(webhookUrl)} -H 'content-type: application/json' ` +
        `-H ${shellQuote(`x-sos-timestamp: ${timestamp}`)} -H ${shellQuote(`x-sos-signature: ${signed}`)} ` +
        `--data-binary @${source === '-' ? '-' : shellQuote(source)}\n`,
    );
    return 0;
  },
});
