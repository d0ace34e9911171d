import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PUBLISHED_EVENT_SOURCE, RECIPE_STUCK_DETAIL_TYPE } from '../contract/detail-types.ts';
import type { StuckPublisher } from './detect-stuck.ts';
import type { RecipeStuckDetail } from './stuck-event.ts';

// PutEvents, ten entries a call (its limit); an entry with an ErrorCode was not put.

const ENTRIES_PER_CALL = 10;

export const createBusPublisher = (client: EventBridgeClient, eventBusName: string): StuckPublisher => ({
  async publish(details: readonly RecipeStuckDetail[]) {
    const published: boolean[] = [];
    for (let start = 0; start < details.length; start += ENTRIES_PER_CALL) {
      const batch = details.slice(start, start + ENTRIES_PER_CALL);
      const output = await client.send(
        new PutEventsCommand({
          Entries: batch.map((detail) => ({
            EventBusName: eventBusName,
            Source: PUBLISHED_EVENT_SOURCE,
            DetailType: RECIPE_STUCK_DETAIL_TYPE,
            Detail: JSON.stringify(detail),
          })),
        }),
      );
      batch.forEach((_, index) => {
        const entry = output.Entries?.[index];
        published.push(entry !== undefined && entry.ErrorCode === undefined && entry.EventId !== undefined);
      });
    }
    return published;
  },
});
