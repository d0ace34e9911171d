import { signature } from '../../lambda/ingestion/webhook-signature.ts';
import type { StatusRecord } from '../../lambda/records/records.ts';
import { CliError, errorText } from '../toolkit/cli-error.ts';
import { CHECK_RECIPE_UID, checkDeliveryBody, newUuidV7 } from './check-delivery.ts';

// `recipe-status check`: one signed delivery through the webhook, then the table polled until its status is there.

export type HopName = 'webhook' | 'bus' | 'function' | 'table';

export interface Hop {
  readonly hop: HopName;
  readonly state: 'ok' | 'failed' | 'not-reached';
  /** Milliseconds from sending the delivery until the hop was seen done. */
  readonly afterMs?: number;
  readonly detail: string;
}

export interface DeploymentCheckReport {
  readonly recipeUid: string;
  readonly eventId: string;
  readonly webhookUrl: string;
  readonly passed: boolean;
  readonly failedHop?: HopName;
  readonly hops: readonly Hop[];
}

/** Reads the check recipe's current status; a throw means the table cannot be read. */
export interface CheckTable {
  readonly read: () => Promise<StatusRecord | undefined>;
  /** The check recipe's history item of one event (consistent read): recorded, if not current. */
  readonly readEvent: (eventId: string) => Promise<StatusRecord | undefined>;
  readonly close: () => Promise<void>;
}

export interface DeploymentCheckOptions {
  readonly webhookUrl: string;
  readonly secret: string;
  /** Opens the table the function writes to; a throw means it cannot be reached. */
  readonly openTable: () => Promise<CheckTable>;
  /** How long the whole check may take, from sending to reading the status. */
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
  readonly now?: () => number;
}

const HOPS: readonly HopName[] = ['webhook', 'bus', 'function', 'table'];

/** A CliError already reads as a sentence; any other error keeps its name. */
const reasonOf = (error: unknown): string => (error instanceof CliError ? error.message : errorText(error));

/** The report of the hops seen: passed unless one failed; a hop not seen is marked not reached. */
const report = (
  base: Pick<DeploymentCheckReport, 'eventId' | 'webhookUrl'>,
  hops: readonly Hop[],
): DeploymentCheckReport => {
  const failed = hops.find((hop) => hop.state === 'failed');
  // Hops before a failed table are unknown, not failed: the table is where they are seen.
  const missing = failed?.hop === 'table' ? 'not verified: the table could not be read' : 'not reached';
  const complete = HOPS.map(
    (name) =>
      hops.find((hop) => hop.hop === name) ?? { hop: name, state: 'not-reached' as const, detail: missing },
  );
  return {
    recipeUid: CHECK_RECIPE_UID,
    ...base,
    passed: failed === undefined,
    ...(failed !== undefined && { failedHop: failed.hop }),
    hops: complete,
  };
};

/** What a refusal by the endpoint means, and which hop it names. */
const refusal = (statusCode: number, error: string | undefined): { hop: HopName; detail: string } => {
  const answer = `answered ${statusCode}${error === undefined ? '' : ` ${error}`}`;
  if (error === 'publish-failed')
    return {
      hop: 'bus',
      detail: `${answer}: the endpoint could not put the event on the bus (serve: the status path failed)`,
    };
  if (error === 'bad-signature' || error === 'missing-signature')
    return { hop: 'webhook', detail: `${answer}: the secret is not the one the endpoint verifies with` };
  if (error === 'timestamp-out-of-window')
    return { hop: 'webhook', detail: `${answer}: this machine's clock is more than 5 minutes off` };
  return { hop: 'webhook', detail: answer };
};

const errorOf = async (response: Response): Promise<string | undefined> => {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
  } catch {
    return undefined;
  }
};

/** Milliseconds from `sentAt` to an ISO time of another clock; the bus's has whole seconds. */
const since = (sentAt: number, iso: string | undefined, resolutionMs = 1): number | undefined => {
  if (iso === undefined) return undefined;
  return Date.parse(iso) - Math.floor(sentAt / resolutionMs) * resolutionMs;
};

export const runDeploymentCheck = async (options: DeploymentCheckOptions): Promise<DeploymentCheckReport> => {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const deadline = startedAt + options.timeoutMs;
  const eventId = newUuidV7(startedAt);
  const base = { eventId, webhookUrl: options.webhookUrl };
  const body = Buffer.from(checkDeliveryBody(eventId), 'utf8');
  const timestamp = String(Math.floor(startedAt / 1000));
  const headers = {
    'content-type': 'application/json',
    'x-sos-timestamp': timestamp,
    'x-sos-signature': signature(options.secret, {
      method: 'POST',
      url: options.webhookUrl,
      timestamp,
      body,
    }),
  };

  let response: Response;
  try {
    response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause !== undefined ? ` (${errorText(error.cause)})` : '';
    return report(base, [
      { hop: 'webhook', state: 'failed', detail: `no answer: ${errorText(error)}${cause}` },
    ]);
  }
  const answeredMs = now() - startedAt;
  if (response.status !== 200) {
    const { hop, detail } = refusal(response.status, await errorOf(response));
    const webhook: Hop = { hop: 'webhook', state: 'ok', afterMs: answeredMs, detail: 'answered' };
    return report(base, [
      ...(hop === 'bus' ? [webhook] : []),
      { hop, state: 'failed', afterMs: answeredMs, detail },
    ]);
  }
  await response.body?.cancel();
  const webhook: Hop = {
    hop: 'webhook',
    state: 'ok',
    afterMs: answeredMs,
    detail: 'answered 200, signature verified',
  };

  let table: CheckTable;
  try {
    table = await options.openTable();
  } catch (error) {
    return report(base, [
      webhook,
      { hop: 'table', state: 'failed', detail: `unreachable: ${reasonOf(error)}` },
    ]);
  }
  try {
    const interval = options.pollIntervalMs ?? 250;
    let current: StatusRecord | undefined;
    let recorded: StatusRecord | undefined;
    for (;;) {
      try {
        current = await table.read();
        // Stale: a check's event from a clock ahead is current; this event's history item proves the hops.
        recorded =
          current === undefined || current.eventId === eventId ? current : await table.readEvent(eventId);
      } catch (error) {
        return report(base, [
          webhook,
          { hop: 'table', state: 'failed', detail: `unreadable: ${reasonOf(error)}` },
        ]);
      }
      if (recorded !== undefined && current !== undefined) break;
      if (now() + interval > deadline) {
        const seen = current === undefined ? 'no status' : `the status of event ${current.eventId}`;
        return report(base, [
          webhook,
          {
            hop: 'bus',
            state: 'ok',
            afterMs: answeredMs,
            detail: 'accepted the event before the webhook answered',
          },
          {
            hop: 'function',
            state: 'failed',
            detail: `no status written within ${options.timeoutMs / 1000} s (the table holds ${seen}): look at the rule's sources, the status function's errors and the dead-letter queues`,
          },
        ]);
      }
      await new Promise((done) => setTimeout(done, interval));
    }
    const readMs = now() - startedAt;
    const stale =
      recorded.eventId === current.eventId ? '' : " (stale: the recipe holds a later check's event)";
    return report(base, [
      webhook,
      {
        hop: 'bus',
        state: 'ok',
        afterMs: since(startedAt, recorded.eventTime, 1000) ?? answeredMs,
        detail: `event time ${recorded.eventTime ?? 'not kept'} (whole seconds, the bus's clock)`,
      },
      {
        hop: 'function',
        state: 'ok',
        afterMs: since(startedAt, recorded.recordedAt) ?? readMs,
        detail: `recorded ${recorded.status} at ${recorded.recordedAt} (the function's clock)${stale}`,
      },
      { hop: 'table', state: 'ok', afterMs: readMs, detail: 'status readable (consistent read)' },
    ]);
  } finally {
    await table.close();
  }
};
