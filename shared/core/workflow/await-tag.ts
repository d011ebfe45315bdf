/**
 * The tag a job carries when a Step Functions task waits on its lineage (`arn:aws:states:::batch:submitJob`
 * with `"Tags": {"batch-retry:await": "step-functions"}`). Resubmitted children keep it. It tells the
 * decide and resubmit functions to look for waiting tasks when the lineage ends, so that jobs nobody
 * waits on cost no extra request.
 */
export const AWAIT_TAG = 'batch-retry:await';

/** True when `tags` mark the job as awaited by a workflow. */
export function isAwaited(tags: Readonly<Record<string, string>> | undefined): boolean {
  return tags !== undefined && Object.hasOwn(tags, AWAIT_TAG);
}
