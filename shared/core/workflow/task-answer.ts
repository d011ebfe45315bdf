import type { LineageNews } from './lineage-news.js';

/** Error names a waiting Step Functions task fails with (match them in `Catch`, never in `Retry`). */
export const TASK_ERRORS = {
  /** batch-retry gave up on the lineage: its budgets, a fatal rule, a hard limit, or Batch refused. */
  gaveUp: 'BatchRetry.GaveUp',
  /** A person cancelled the lineage's scheduled retry (`batch-retry cancel-retry`). */
  cancelled: 'BatchRetry.Cancelled',
} as const;

/**
 * What a Step Functions task waiting on a lineage is told: SendTaskSuccess with the news as output
 * (RECOVERED, SUCCEEDED), or SendTaskFailure with an error name and the news as cause (GAVE_UP,
 * CANCELLED). Both are the JSON of {@link LineageNews}, so a state machine reads `latestJobId`,
 * `failureClass` and `reason` the same way in either branch.
 */
export type TaskAnswer =
  | { readonly kind: 'success'; readonly output: string }
  | { readonly kind: 'failure'; readonly error: string; readonly cause: string };

/** The answer for the final `news` of a lineage. Throws for news that is not final (OPEN). */
export function taskAnswerOf(news: LineageNews): TaskAnswer {
  const json = JSON.stringify(news);
  switch (news.status) {
    case 'RECOVERED':
    case 'SUCCEEDED':
      return { kind: 'success', output: json };
    case 'GAVE_UP':
      return { kind: 'failure', error: TASK_ERRORS.gaveUp, cause: json };
    case 'CANCELLED':
      return { kind: 'failure', error: TASK_ERRORS.cancelled, cause: json };
    case 'OPEN':
      throw new Error(`lineage ${news.rootJobId} is still open: there is no answer yet`);
  }
}
