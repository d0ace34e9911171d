import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import * as v from 'valibot';
import { UNREADABLE_DELIVERY_DETAIL_TYPE } from '../contract/detail-types.ts';
import { clientSettings } from '../shared/client-settings.ts';
import { createInvocationDeadline } from '../shared/deadline-retry.ts';
import { createInvocationTracker } from '../shared/invocation.ts';
import { loadIngestConfig } from './config.ts';
import { ingestLogLine } from './ingest-log.ts';
import { ingest, type KeepUnreadable, type Publish, type WebhookRequest } from './webhook-ingestion.ts';
import { createSecretCache } from './webhook-secrets.ts';

// The signageOS webhook behind a Lambda function URL: verifies the signature,
// then puts the delivery on the event bus unchanged. Answers 2xx only once
// EventBridge has the event, so a failure makes the producer retry.

const config = loadIngestConfig(process.env);
// Each invocation's AWS retries end before its timeout (lambda/shared/client-settings.ts).
const deadline = createInvocationDeadline();
const eventBridge = new EventBridgeClient(clientSettings({ retryDeadline: deadline.get }));
const secretCache = createSecretCache({
  client: new SecretsManagerClient(clientSettings({ retryDeadline: deadline.get })),
  secretId: config.secretId,
});
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
const beginInvocation = createInvocationTracker(process.env);

/** The part of a function URL event this handler reads. */
const FunctionUrlEventSchema = v.object({
  rawPath: v.optional(v.string(), '/'),
  headers: v.optional(v.record(v.string(), v.string()), {}),
  body: v.optional(v.string(), ''),
  isBase64Encoded: v.optional(v.boolean(), false),
  requestContext: v.object({
    domainName: v.string(),
    http: v.object({ method: v.string(), sourceIp: v.optional(v.string()) }),
  }),
});

/** Puts one entry; PutEvents answers 200 even when the entry failed, and only the count says so. */
const putEntry = async (client: EventBridgeClient, entry: PutEventsRequestEntry): Promise<void> => {
  const output = await client.send(new PutEventsCommand({ Entries: [entry] }));
  if ((output.FailedEntryCount ?? 0) > 0) {
    const failed = output.Entries?.[0];
    throw new Error(
      `PutEvents failed: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim(),
    );
  }
};

export const publishToEventBridge =
  (client: EventBridgeClient, eventBusName: string, source: string): Publish =>
  (delivery, rawBody) =>
    putEntry(client, {
      EventBusName: eventBusName,
      Source: source,
      DetailType: delivery.type,
      Detail: rawBody,
    });

/** Keeps an unreadable signed delivery on the bus, from the same source, under a detail type of its own. */
export const keepOnEventBridge =
  (client: EventBridgeClient, eventBusName: string, source: string): KeepUnreadable =>
  (unreadable) =>
    putEntry(client, {
      EventBusName: eventBusName,
      Source: source,
      DetailType: UNREADABLE_DELIVERY_DETAIL_TYPE,
      Detail: JSON.stringify(unreadable),
    });

const publish = publishToEventBridge(eventBridge, config.eventBusName, config.eventSource);
const keepUnreadable = keepOnEventBridge(eventBridge, config.eventBusName, config.eventSource);

export const handler = async (
  event: unknown,
  context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> => {
  deadline.start(context.getRemainingTimeInMillis());
  const invocation = beginInvocation(context);
  const parsed = v.parse(FunctionUrlEventSchema, event);
  const headers = Object.fromEntries(
    Object.entries(parsed.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const request: WebhookRequest = {
    method: parsed.requestContext.http.method,
    headers,
    body: Buffer.from(parsed.body, parsed.isBase64Encoded ? 'base64' : 'utf8'),
    sourceIp: parsed.requestContext.http.sourceIp,
  };
  const { result, response } = await ingest(request, {
    secrets: () => secretCache.secrets(),
    refreshSecrets: () => secretCache.refresh(),
    // As configured in the exporter; by default this function's own URL, from the request
    // context Lambda fills in (the Host the client sent is not trusted for it).
    webhookUrl: () => config.webhookUrl ?? `https://${parsed.requestContext.domainName}${parsed.rawPath}`,
    publish,
    keepUnreadable,
    now: () => new Date(),
    ...(config.toleranceSeconds !== undefined && { toleranceSeconds: config.toleranceSeconds }),
    ...(config.maxBodyBytes !== undefined && { maxBodyBytes: config.maxBodyBytes }),
  });
  // Always written, whatever the log level: it carries the request's metric.
  process.stdout.write(`${ingestLogLine(request, result, response, functionName, new Date(), invocation)}\n`);
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json' },
    body: response.body,
  };
};
