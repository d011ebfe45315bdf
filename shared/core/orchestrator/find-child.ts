import type { SubmissionRecord } from '../lineage/types.js';
import type { BatchPort, SubmitJobInput } from '../ports/batch.js';
import { LINEAGE_TAG_KEYS } from '../submit/lineage-tags.js';

/**
 * Jobs are looked up from this long before the claim was first taken: Lambda's and Batch's clocks
 * may disagree a little, and ListJobs may lag behind SubmitJob.
 */
export const CREATED_AFTER_SKEW_MS = 5 * 60_000;

/**
 * The children a crashed holder of `held` may have submitted for failed job `parentJobId`, oldest
 * first: jobs named as the request, on its queue, created since the claim was first taken (minus the
 * clock skew margin), whose `batch-retry:parent-job-id` tag names the failed job and whose claim tag,
 * if any, is one this claim issued. The failed job itself, older jobs with the same name and copies
 * carrying another claim's token are never taken for the child. The first is the child; any others
 * are duplicates.
 */
export async function findChild(
  request: SubmitJobInput,
  parentJobId: string,
  held: SubmissionRecord,
  batch: BatchPort,
): Promise<string[]> {
  const tokens = new Set([held.claimToken, ...(held.previousTokens ?? [])]);
  const found = await batch.findJobsByName({
    jobQueue: request.jobQueue,
    jobName: request.jobName,
    createdAfter: held.claimedAt - CREATED_AFTER_SKEW_MS,
  });
  return found
    .filter((job) => job.jobId !== parentJobId && job.tags[LINEAGE_TAG_KEYS.parentJobId] === parentJobId)
    .filter((job) => {
      const token = job.tags[LINEAGE_TAG_KEYS.claim];
      return token === undefined || tokens.has(token);
    })
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0))
    .map((job) => job.jobId);
}
