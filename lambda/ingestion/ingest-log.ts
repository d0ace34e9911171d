import { embeddedMetricLine } from '../shared/embedded-metrics.ts';
import { INGEST_METRICS } from '../shared/metric-names.ts';
import type { IngestionResult, WebhookRequest, WebhookResponse } from './webhook-ingestion.ts';

const metricOf = (result: IngestionResult): string => {
  if (result.accepted) return INGEST_METRICS.accepted;
  if (result.reason === 'bad-signature' || result.reason === 'missing-signature')
    return INGEST_METRICS.signatureFailures;
  if (result.reason === 'publish-failed') return INGEST_METRICS.publishFailures;
  return INGEST_METRICS.rejected;
};

/** One line per request: what it was (ids from the headers and the body) and what it came to; never the body. */
export const ingestLogLine = (
  request: WebhookRequest,
  result: IngestionResult,
  response: WebhookResponse,
  functionName: string,
  at: Date,
): string =>
  embeddedMetricLine(metricOf(result), functionName, at, {
    level: result.accepted ? 'INFO' : result.reason === 'publish-failed' ? 'ERROR' : 'WARN',
    message: result.accepted ? 'delivery accepted' : `delivery refused: ${result.reason}`,
    statusCode: response.statusCode,
    ...(!result.accepted && { reason: result.reason }),
    eventId: result.delivery?.id,
    eventType: result.delivery?.type,
    sequenceNumber: request.headers['x-sos-sequence-number']?.slice(0, 32),
    exporterUid: request.headers['x-sos-exporter-config-uid']?.slice(0, 64),
    bodyBytes: request.body.byteLength,
  });
