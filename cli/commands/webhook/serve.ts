import { recipeStatusEventPattern } from '../../../lambda/contract/event-pattern.ts';
import { JSON_OPTION, STORE_OPTIONS } from '../../options/common-options.ts';
import { DEFAULT_PORT, WEBHOOK_OPTIONS, webhookSettings } from '../../options/webhook-settings.ts';
import { type ServeLine, startWebhookServer } from '../../pipelines/webhook-server.ts';
import { handlerFor } from '../../store/status-path.ts';
import { withStore } from '../../store/with-store.ts';
import { defineCommand } from '../../toolkit/command.ts';
import { displayText } from '../../toolkit/display.ts';
import { noPositionals } from '../../toolkit/positionals.ts';

/** One line per request; the event id, type and reason come from the request, so they are made safe. */
const describeRequest = (line: ServeLine): string =>
  displayText(
    `${line.statusCode ?? '---'}  ${line.outcome.padEnd(9)}  ${line.eventId ?? '-'}  ${line.type ?? ''}${line.reason === undefined ? '' : `  ${line.reason}`}`,
  );

/**
 * Resolves on SIGINT, SIGTERM or SIGHUP, or when the parent process goes:
 * `npx` does not pass a signal on, so killing it leaves this process with
 * another parent, which is taken as the same request to stop.
 */
const stopped = (): Promise<string> =>
  new Promise((done) => {
    const parent = process.ppid;
    const stop = (reason: string) => {
      clearInterval(orphaned);
      done(reason);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => stop(signal));
    const orphaned = setInterval(() => {
      if (process.ppid !== parent) stop('its parent process exited');
    }, 500);
  });

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
        io.stdout(`listening on ${displayText(webhookUrl)} (verifying against that URL). Ctrl-C stops.\n`);
        const reason = await stopped();
        server.close();
        server.closeAllConnections();
        io.stderr(`recipe-status: serve stopped (${reason})\n`);
        return 0;
      },
      { access: 'create', announce: { io } },
    );
  },
});
