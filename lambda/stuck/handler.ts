import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { clientSettings } from '../shared/client-settings.ts';
import { createInvocationDeadline } from '../shared/deadline-retry.ts';
import { embeddedMetricLine } from '../shared/embedded-metrics.ts';
import { createInvocationTracker } from '../shared/invocation.ts';
import { STUCK_METRICS } from '../shared/metric-names.ts';
import { createDocumentClient } from '../store/dynamodb-client.ts';
import { createRecipeStatusQueries } from '../store/queries/queries.ts';
import { createBusPublisher } from './bus-publisher.ts';
import { loadStuckConfig } from './config.ts';
import { detectStuck, stuckDetail } from './detect-stuck.ts';
import { createStuckMarkers } from './stuck-markers.ts';

// Built once per execution environment; a bad setting fails the INIT phase loudly.
const config = loadStuckConfig(process.env);
const deadline = createInvocationDeadline();
const client = createDocumentClient({ retryDeadline: deadline.get });
const queries = createRecipeStatusQueries({ client, tableName: config.tableName });
const markers = createStuckMarkers(client, config.tableName);
const publisher = createBusPublisher(
  new EventBridgeClient(clientSettings({ retryDeadline: deadline.get })),
  config.eventBusName,
);
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
const beginInvocation = createInvocationTracker(process.env);

/** The schedule's target: one line (and one count) per reported episode; a refused put fails the run. */
export const handler = async (
  _event: unknown,
  context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
): Promise<{ stuck: number; reported: number }> => {
  deadline.start(context.getRemainingTimeInMillis());
  const invocation = beginInvocation(context);
  const now = new Date();
  const result = await detectStuck({ queries, markers, publisher, now, thresholdMs: config.thresholdMs });
  for (const recipe of result.reported) {
    const line = embeddedMetricLine(STUCK_METRICS.reported, functionName, now, invocation, {
      level: 'INFO',
      message: 'recipe stuck in Pending: reported',
      ...stuckDetail(recipe, config.thresholdMs, now),
    });
    process.stdout.write(`${line}\n`);
  }
  if (result.failed.length > 0)
    throw new Error(
      `${result.failed.length} stuck events were refused by PutEvents (${result.failed.map((s) => s.episodeId).join(', ')}); the next run puts them again`,
    );
  return { stuck: result.stuck, reported: result.reported.length };
};
