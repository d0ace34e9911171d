import { recipeStatusEventPattern } from '../../infra/event-pattern.ts';
import { defineCommand } from '../command.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../common-options.ts';
import { displayText } from '../display.ts';
import { noPositionals } from '../positionals.ts';
import { type ServeLine, startWebhookServer } from '../webhook-server.ts';
import { DEFAULT_PORT, WEBHOOK_OPTIONS, webhookSettings } from '../webhook-settings.ts';
import { handlerFor, withStore } from '../with-store.ts';

/** One line per request; the event id, type and reason come from the request, so they are made safe. */
const describeRequest = (line: ServeLine): string =>
  displayText(
    `${line.statusCode}  ${line.outcome.padEnd(9)}  ${line.eventId ?? '-'}  ${line.type ?? ''}${line.reason === undefined ? '' : `  ${line.reason}`}`,
  );

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'the signed-webhook endpoint on localhost, feeding the handler',
  usage: '',
  options: {
    port: { type: 'string', value: 'port', description: `port to listen on (default ${DEFAULT_PORT})` },
    ...WEBHOOK_OPTIONS,
    ...STORE_OPTIONS,
    ...JSON_OPTION,
  },
  run: async ({ values, positionals }, io) => {
    noPositionals(positionals);
    const { port, secret, webhookUrl } = webhookSettings(values);
    return withStore(
      values,
      async (connection) => {
        const server = await startWebhookServer({
          port,
          secret,
          webhookUrl,
          source: 'signageos',
          pattern: recipeStatusEventPattern(),
          processEvent: handlerFor(connection),
          onRequest: (line) => io.stdout(`${values.json ? JSON.stringify(line) : describeRequest(line)}\n`),
        });
        io.stdout(
          `listening on ${webhookUrl} (verifying against that URL), store: ${connection.description}. Ctrl-C stops.\n`,
        );
        await new Promise<void>((done) => {
          const stop = () => server.close(() => done());
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return 0;
      },
      'write',
    );
  },
});
