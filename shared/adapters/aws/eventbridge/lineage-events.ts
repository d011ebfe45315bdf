import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { OrchestratorError } from '#core/errors.js';
import type { LineageEventPort } from '#core/ports/index.js';
import { detailTypeOf, LINEAGE_EVENT_SOURCE, type LineageNews } from '#core/workflow/index.js';

/** Most entries EventBridge accepts in one PutEvents request. */
const MAX_ENTRIES = 10;

/**
 * `LineageEventPort` on an EventBridge bus (`busName`: a name or an ARN; `default` is the account's
 * default bus). Each event is one entry: source `batch-retry`, the detail-type of its news, the news
 * as `Detail`, `Time` the change's own time. Up to 10 entries go in one PutEvents; an entry
 * EventBridge refuses (`ErrorCode`), or a failed request, comes back as a transient error for its
 * event, so the record that produced it is redelivered and publishes again (marked `republished`).
 */
export function createEventBridgeLineageEvents(client: EventBridgeClient, busName: string): LineageEventPort {
  const failure = (news: LineageNews, why: string, cause?: unknown) =>
    new OrchestratorError(
      `could not put lineage event ${news.eventId} on EventBridge bus ${busName}: ${why}; the record that produced it is redelivered and publishes it again`,
      { transient: true, cause, context: { busName, eventId: news.eventId } },
    );
  return {
    async publish(events: readonly LineageNews[]): Promise<readonly (Error | undefined)[]> {
      const results: (Error | undefined)[] = events.map(() => undefined);
      for (let start = 0; start < events.length; start += MAX_ENTRIES) {
        const chunk = events.slice(start, start + MAX_ENTRIES);
        try {
          const output = await client.send(
            new PutEventsCommand({
              Entries: chunk.map((news) => ({
                EventBusName: busName,
                Source: LINEAGE_EVENT_SOURCE,
                DetailType: detailTypeOf(news),
                Detail: JSON.stringify(news),
                Time: new Date(news.time),
              })),
            }),
          );
          (output.Entries ?? []).forEach((entry, i) => {
            const news = chunk[i];
            if (entry.ErrorCode !== undefined && news !== undefined) {
              results[start + i] = failure(news, `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`.trim());
            }
          });
        } catch (error) {
          const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          chunk.forEach((news, i) => {
            results[start + i] = failure(news, why, error);
          });
        }
      }
      return results;
    },
  };
}
