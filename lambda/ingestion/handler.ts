import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as v from 'valibot';
import { clientSettings } from '../shared/client-settings.ts';
import { loadIngestConfig } from './config.ts';
import { ingestLogLine } from './ingest-log.ts';
import { ingest, type Publish, type WebhookRequest } from './webhook-ingestion.ts';
import { createSecretCache } from './webhook-secrets.ts';

/**
 * The signageOS webhook behind a Lambda function URL: verifies the signature,
 * then puts the delivery on the event bus unchanged. Answers 2xx only once
 * EventBridge has the event, so a failure makes the producer retry.
 */

const config = loadIngestConfig(process.env);
const eventBridge = new EventBridgeClient(clientSettings());
const secretCache = createSecretCache({
  client: new SecretsManagerClient(clientSettings()),
  secretId: config.secretId,
});
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';

/** The part of a function URL event this handler reads. */
const FunctionUrlEventSchema = v.object({
  rawPath: v.optional(v.string(), '/'),
  headers: v.optional(v.record(v.string(), v.string()), {}),
  body: v.optional(v.string(), ''),
  isBase64Encoded: v.optional(v.boolean(), false),
  requestContext: v.object({ domainName: v.string(), http: v.object({ method: v.string() }) }),
});

export const publishToEventBridge =
  (client: EventBridgeClient, eventBusName: string, source: string): Publish =>
  async (delivery, rawBody) => {
    const output = await client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: eventBusName, Source: source, DetailType: delivery.type, Detail: rawBody }],
      }),
    );
    // PutEvents answers 200 even when an entry failed; only the count says so.
    if ((output.FailedEntryCount ?? 0) > 0) {
      const entry = output.Entries?.[0];
      throw new Error(
        `PutEvents failed: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim(),
      );
    }
  };

const publish = publishToEventBridge(eventBridge, config.eventBusName, config.eventSource);

export const handler = async (
  event: unknown,
): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> => {
  const parsed = v.parse(FunctionUrlEventSchema, event);
  const headers = Object.fromEntries(
    Object.entries(parsed.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const request: WebhookRequest = {
    method: parsed.requestContext.http.method,
    headers,
    body: Buffer.from(parsed.body, parsed.isBase64Encoded ? 'base64' : 'utf8'),
  };
  const { result, response } = await ingest(request, {
    secrets: () => secretCache.secrets(),
    refreshSecrets: () => secretCache.refresh(),
    // As configured in the exporter; by default this function's own URL, from the request
    // context Lambda fills in (the Host the client sent is not trusted for it).
    webhookUrl: () => config.webhookUrl ?? `https://${parsed.requestContext.domainName}${parsed.rawPath}`,
    publish,
    now: () => new Date(),
    ...(config.toleranceSeconds !== undefined && { toleranceSeconds: config.toleranceSeconds }),
    ...(config.maxBodyBytes !== undefined && { maxBodyBytes: config.maxBodyBytes }),
  });
  process.stdout.write(`${ingestLogLine(request, result, response, functionName, new Date())}\n`);
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json' },
    body: response.body,
  };
};
