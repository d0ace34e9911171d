import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as v from 'valibot';
import { recipeStatusEventPattern } from '../infra/event-pattern.ts';
import { signature } from '../lambda/ingestion/webhook-signature.ts';
import { RecipeStatusSchema } from '../lambda/shared/event-schema.ts';
import { stringAt } from '../lambda/shared/value-path.ts';
import { processEvent } from '../lambda/status/process-event.ts';
import { createDynamoDbStatusStore } from '../lambda/store/dynamodb-status-store.ts';
import { collectAll, createRecipeStatusQueries } from '../lambda/store/queries.ts';
import { CliError, NOT_FOUND_EXIT_CODE } from './cli-error.ts';
import { formatRecord, formatRejected, formatStatusRecords, formatTable } from './format.ts';
import { type InputEntry, readEvents } from './read-events.ts';
import { redrive } from './redrive.ts';
import { replay } from './replay.ts';
import { openStore, type StoreConnection } from './store-connection.ts';
import { startWebhookServer } from './webhook-server.ts';

export const USAGE = `usage: recipe-status <command> [options]

commands:
  replay <file|->          run EventBridge events through the rule and the handler
  get <recipeUid>          current status of a recipe
  device <deviceIdentityHash>
                           all recipes of a device
  org <organizationUid> [--status Pending|Applied|Failed|Invalid]
                           recipes of an organization, newest first
  history <recipeUid>      every accepted event of a recipe, in order
  rejected                 rejected events, newest first
  serve [--port 8787] [--secret <s>] [--webhook-url <url>]
                           the signed-webhook endpoint on localhost, feeding the handler
  sign <file|-> [--secret <s>] [--webhook-url <url>] [--timestamp <unix s>]
                           print a curl command that POSTs the file, signed as signageOS signs
  demo                     replay examples/events.ndjson into the local store and show
                           every recipe's status (what npm start runs)
  redrive --queue-url <url> [--dry-run]
                           put dead-lettered events back through the handler

global options:
  --data-dir <dir>   local store folder (default ./.recipe-status)
  --endpoint <url>   any DynamoDB endpoint, e.g. a DynamoDB Local you run
  --table <name>     table name; with no --endpoint: real AWS, standard credentials and region
  --json             machine-readable output
  -h, --help         this text`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  endpoint: { type: 'string' },
  table: { type: 'string' },
  json: { type: 'boolean', default: false },
  status: { type: 'string' },
  'queue-url': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  port: { type: 'string' },
  secret: { type: 'string' },
  'webhook-url': { type: 'string' },
  timestamp: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
  readonly stderrIsTty: boolean;
}

const parse = (argv: readonly string[]) => {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's own wording is long and explains '--' escaping; one short line is enough here.
    const message = error instanceof Error ? error.message : String(error);
    const option = (/'(-[^' ]+)/.exec(message)?.[1] ?? '').trim();
    const short = /unknown option/i.test(message)
      ? `unknown option ${option}`
      : /argument missing/i.test(message)
        ? `option ${option} needs a value`
        : /does not take an argument/i.test(message)
          ? `option ${option} takes no value`
          : (message.split('. ')[0] ?? message);
    throw new CliError(`${short}. Run recipe-status --help for usage.`);
  }
};

const onePositional = (positionals: string[], what: string): string => {
  const [, value, extra] = positionals;
  if (value === undefined || value === '')
    throw new CliError(`missing ${what}. Run recipe-status --help for usage.`);
  if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"`);
  return value;
};

const withStore = async <T>(
  values: Values,
  work: (store: StoreConnection) => Promise<T>,
  access: 'read' | 'write' = 'read',
): Promise<T> => {
  const store = await openStore({
    dataDir: values['data-dir'],
    endpoint: values.endpoint,
    table: values.table,
    createTable: access === 'write',
  });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};

const readInput = (source: string, io: Io): string => {
  if (source === '-') return io.readStdin();
  try {
    return readFileSync(source, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code || 'unreadable';
    throw new CliError(`cannot read ${source}: ${why}`);
  }
};

const storeFor = (connection: StoreConnection) =>
  createDynamoDbStatusStore({ client: connection.documentClient, tableName: connection.tableName });

const now = () => new Date();

const replayInto = async (
  connection: StoreConnection,
  entries: readonly InputEntry[],
  json: boolean,
  io: Io,
) => {
  const lines = await replay(entries, {
    store: storeFor(connection),
    now,
    pattern: recipeStatusEventPattern(),
    onProgress: (done, total) => {
      if (io.stderrIsTty && total > 1_000 && (done % 100 === 0 || done === total)) {
        io.stderr(`\rreplayed ${done}/${total}${done === total ? '\n' : ''}`);
      }
    },
  });
  if (json) {
    for (const line of lines) io.stdout(`${JSON.stringify(line)}\n`);
  } else {
    io.stdout(
      `${formatTable(
        ['LINE', 'OUTCOME', 'EVENT ID', 'RECIPE', 'REASONS'],
        lines.map((line) => [
          String(line.line),
          line.outcome,
          line.eventId ?? '-',
          line.recipeUid ?? '-',
          (line.reasons ?? []).join('; '),
        ]),
      )}\n`,
    );
    const counts = new Map<string, number>();
    for (const line of lines) counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
    io.stdout(
      `\n${lines.length} events: ${[...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ')}\n`,
    );
  }
  // A rejected event is an outcome; only input that could not be read fails the command.
  return lines.some((line) => line.outcome === 'unreadable') ? 1 : 0;
};

const runReplay = async (values: Values, positionals: string[], io: Io): Promise<number> => {
  const source = onePositional(positionals, 'the events file (or - for stdin)');
  const entries = readEvents(readInput(source, io));
  return withStore(values, (connection) => replayInto(connection, entries, values.json, io), 'write');
};

const runRedrive = async (values: Values, positionals: string[], io: Io): Promise<number> => {
  if (positionals.length > 1) throw new CliError(`unexpected argument "${positionals[1]}"`);
  const queueUrl = values['queue-url'];
  if (queueUrl === undefined || queueUrl === '') throw new CliError('redrive needs --queue-url <url>');
  const sqs = new SQSClient({});
  try {
    const lines = await withStore(values, (connection) => {
      const store = storeFor(connection);
      return redrive({
        sqs,
        queueUrl,
        dryRun: values['dry-run'],
        pattern: recipeStatusEventPattern(),
        processEvent: (event) => processEvent(event, { store, now }),
      });
    });
    printRedrive(lines, values.json, io);
    return lines.some((line) => line.outcome === 'failed') ? 1 : 0;
  } finally {
    sqs.destroy();
  }
};

const EXAMPLES = fileURLToPath(new URL('../examples/events.ndjson', import.meta.url));

/** `npm start`: the example day in, every recipe's status out. */
const runDemo = async (values: Values, io: Io): Promise<number> => {
  const entries = readEvents(readFileSync(EXAMPLES, 'utf8'));
  const recipeUids = [
    ...new Set(
      entries.flatMap((entry) => {
        const uid = 'error' in entry ? undefined : stringAt(entry.event, 'detail', 'payload', 'uid');
        return uid === undefined || uid === '' ? [] : [uid];
      }),
    ),
  ];
  return withStore(
    values,
    async (connection) => {
      io.stdout(`Replaying ${relative(process.cwd(), EXAMPLES)} into ${connection.description}\n\n`);
      const code = await replayInto(connection, entries, false, io);
      const queries = createRecipeStatusQueries({
        client: connection.documentClient,
        tableName: connection.tableName,
      });
      const found = await Promise.all(
        recipeUids.map((uid) => queries.getRecipe(uid, { consistentRead: true })),
      );
      const records = found.filter((record) => record !== undefined);
      io.stdout(`\nCurrent status of every recipe:\n\n${formatStatusRecords(records)}\n`);
      io.stdout(
        '\nRun it again and the valid events come back as duplicates. Ask the store yourself:\n' +
          '  npx recipe-status org org-acme --status Failed\n' +
          '  npx recipe-status history rcp-player-store-17\n' +
          '  npx recipe-status rejected\n',
      );
      return code;
    },
    'write',
  );
};

export const DEFAULT_PORT = 8787;
/** Environment variables `serve` and `sign` read when the options are not given. */
export const SECRET_VARIABLE = 'RECIPE_STATUS_WEBHOOK_SECRET';
export const URL_VARIABLE = 'RECIPE_STATUS_WEBHOOK_URL';

const webhookSettings = (values: Values) => {
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new CliError(`--port must be a port number, got "${values.port}"`);
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

const runServe = async (values: Values, positionals: string[], io: Io): Promise<number> => {
  if (positionals.length > 1) throw new CliError(`unexpected argument "${positionals[1]}"`);
  const { port, secret, webhookUrl } = webhookSettings(values);
  return withStore(
    values,
    async (connection) => {
      const store = storeFor(connection);
      const server = await startWebhookServer({
        port,
        secret,
        webhookUrl,
        source: 'signageos',
        pattern: recipeStatusEventPattern(),
        processEvent: (event) => processEvent(event, { store, now }),
        onRequest: (line) =>
          io.stdout(
            values.json
              ? `${JSON.stringify(line)}\n`
              : `${line.statusCode}  ${line.outcome.padEnd(9)}  ${line.eventId ?? '-'}  ${line.type ?? ''}${line.reason === undefined ? '' : `  ${line.reason}`}\n`,
          ),
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
};

const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

const runSign = async (values: Values, positionals: string[], io: Io): Promise<number> => {
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
};

export const printRedrive = (lines: Awaited<ReturnType<typeof redrive>>, json: boolean, io: Io): void => {
  if (json) {
    for (const line of lines) io.stdout(`${JSON.stringify(line)}\n`);
    return;
  }
  io.stdout(
    `${formatTable(
      ['MESSAGE', 'FORMAT', 'EVENT ID', 'OUTCOME', 'ACTION', 'REASONS'],
      lines.map((line) => [
        line.messageId,
        line.format,
        line.eventId ?? '-',
        line.outcome,
        line.action,
        (line.reasons ?? []).join('; '),
      ]),
    )}\n${lines.length} messages\n`,
  );
};

export const run = async (argv: readonly string[], io: Io): Promise<number> => {
  const { values, positionals } = parse(argv);
  const [command] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (values.status !== undefined && command !== 'org')
    throw new CliError('--status goes with the org command');
  const print = (human: string, json: unknown) =>
    io.stdout(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${human}\n`);

  switch (command) {
    case 'replay':
      return runReplay(values, positionals, io);
    case 'redrive':
      return runRedrive(values, positionals, io);
    case 'demo':
      return runDemo(values, io);
    case 'serve':
      return runServe(values, positionals, io);
    case 'sign':
      return runSign(values, positionals, io);
    case 'get': {
      const recipeUid = onePositional(positionals, 'the recipe uid');
      const record = await withStore(values, (connection) =>
        createRecipeStatusQueries({
          client: connection.documentClient,
          tableName: connection.tableName,
        }).getRecipe(recipeUid, { consistentRead: true }),
      );
      if (record === undefined) {
        io.stderr(`recipe ${recipeUid} not found\n`);
        return NOT_FOUND_EXIT_CODE;
      }
      print(formatRecord(record), record);
      return 0;
    }
    case 'device':
    case 'org':
    case 'history':
    case 'rejected': {
      const subject =
        command === 'rejected'
          ? ''
          : onePositional(
              positionals,
              command === 'org'
                ? 'the organization uid'
                : command === 'device'
                  ? 'the device identity hash'
                  : 'the recipe uid',
            );
      if (command === 'rejected' && positionals.length > 1)
        throw new CliError(`unexpected argument "${positionals[1]}"`);
      let status: v.InferOutput<typeof RecipeStatusSchema> | undefined;
      if (values.status !== undefined) {
        const parsed = v.safeParse(RecipeStatusSchema, values.status);
        if (!parsed.success)
          throw new CliError(
            `--status must be one of Pending, Applied, Failed, Invalid, got "${values.status}"`,
          );
        status = parsed.output;
      }
      await withStore(values, async (connection) => {
        const queries = createRecipeStatusQueries({
          client: connection.documentClient,
          tableName: connection.tableName,
        });
        const page = (cursor: string | undefined) => (cursor === undefined ? {} : { cursor });
        if (command === 'rejected') {
          const records = await collectAll((cursor) => queries.listRejected(page(cursor)));
          print(formatRejected(records), records);
          return;
        }
        const records =
          command === 'device'
            ? await collectAll((cursor) => queries.listDeviceRecipes(subject, page(cursor)))
            : command === 'org'
              ? await collectAll((cursor) =>
                  queries.listOrganizationRecipes(subject, {
                    ...page(cursor),
                    ...(status !== undefined && { status }),
                  }),
                )
              : await queries.getRecipeHistory(subject);
        print(formatStatusRecords(records), records);
      });
      return 0;
    }
    default:
      throw new CliError(`unknown command "${command}". Run recipe-status --help for usage.`);
  }
};

/** The process entry: every failure becomes one line on stderr and an exit code. */
export const main = async (argv: readonly string[]): Promise<void> => {
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readFileSync(0, 'utf8'),
    stderrIsTty: process.stderr.isTTY === true,
  };
  try {
    process.exitCode = await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`recipe-status: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(`recipe-status: ${detail}\n`);
    if (process.env.RECIPE_STATUS_DEBUG !== undefined && error instanceof Error)
      io.stderr(`${error.stack}\n`);
    process.exitCode = 1;
  }
};
