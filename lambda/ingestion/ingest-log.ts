import { embeddedMetricLine } from '../shared/embedded-metrics.ts';
import type { InvocationLog } from '../shared/invocation.ts';
import type { LogLevel } from '../shared/log-level.ts';
import { INGEST_METRICS } from '../shared/metric-names.ts';
import type { IngestionResult, WebhookRequest, WebhookResponse } from './webhook-ingestion.ts';

const AUTHENTICATION_FAILURES: ReadonlySet<string> = new Set([
  'bad-signature',
  'missing-signature',
  'missing-timestamp',
  'timestamp-out-of-window',
]);

const metricsOf = (result: IngestionResult): string[] => {
  if (result.accepted) return [INGEST_METRICS.accepted];
  // Signed but unreadable, kept or not: each counts, for the alarm; one not kept is also a failure to publish.
  if (result.unreadable !== undefined)
    return result.unreadable.kept
      ? [INGEST_METRICS.unreadable]
      : [INGEST_METRICS.unreadable, INGEST_METRICS.publishFailures];
  // The timestamp is signed too: a drifting exporter clock fails every delivery, and must page as a bad secret does.
  if (AUTHENTICATION_FAILURES.has(result.reason)) return [INGEST_METRICS.signatureFailures];
  if (result.reason === 'publish-failed') return [INGEST_METRICS.publishFailures];
  return [INGEST_METRICS.rejected];
};

const levelOf = (result: IngestionResult): LogLevel => {
  if (result.accepted) return 'INFO';
  return result.reason === 'publish-failed' || result.reason === 'keep-failed' ? 'ERROR' : 'WARN';
};

const messageOf = (result: IngestionResult): string => {
  if (result.accepted) return 'delivery accepted';
  const { unreadable } = result;
  if (unreadable === undefined) return `delivery refused: ${result.reason}`;
  return unreadable.kept
    ? `signed delivery refused: ${unreadable.reason}; kept on the bus`
    : `signed delivery refused: ${unreadable.reason}; keeping it failed`;
};

/** One line per request: what it was (ids from the headers and the body) and what it came to; never the body. */
export const ingestLogLine = (
  request: WebhookRequest,
  result: IngestionResult,
  response: WebhookResponse,
  functionName: string,
  at: Date,
  invocation: InvocationLog,
): string =>
  embeddedMetricLine(metricsOf(result), functionName, at, invocation, {
    level: levelOf(result),
    message: messageOf(result),
    statusCode: response.statusCode,
    ...(!result.accepted && { reason: result.reason }),
    ...(!result.accepted && request.sourceIp !== undefined && { sourceIp: request.sourceIp.slice(0, 64) }),
    ...(!result.accepted &&
      result.unreadable !== undefined && {
        unreadableReason: result.unreadable.reason,
        sha256: result.unreadable.sha256,
        kept: result.unreadable.kept,
      }),
    eventId: result.delivery?.id,
    eventType: result.delivery?.type,
    sequenceNumber: request.headers['x-sos-sequence-number']?.slice(0, 32),
    exporterUid: request.headers['x-sos-exporter-config-uid']?.slice(0, 64),
    bodyBytes: request.body.byteLength,
  });
