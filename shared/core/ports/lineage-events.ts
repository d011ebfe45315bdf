import type { LineageNews } from '../workflow/lineage-news.js';

/**
 * Where lineage events go: EventBridge on AWS (source `batch-retry`, detail-types
 * `Batch Retry Lineage Resubmitted` and `Batch Retry Lineage Closed`), a list in tests. Published
 * only after the ledger recorded the change they tell of.
 */
export interface LineageEventPort {
  /**
   * Publishes each event, in as few requests as the bus allows (EventBridge: 10 per PutEvents).
   * Resolves to one entry per event: undefined when published, else why not. Never rejects.
   */
  publish(events: readonly LineageNews[]): Promise<readonly (Error | undefined)[]>;
}
