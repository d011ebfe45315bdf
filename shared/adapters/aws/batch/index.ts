/**
 * AWS Batch adapter of the BatchPort (SubmitJob, finding a child by name and lineage tags) and its
 * client, which makes one attempt per call: SubmitJob has no idempotency token; and the listing of
 * FAILED jobs the reconcile sweep reads (JobListingPort).
 */
export { createBatchAdapter, describeJobDetail } from './batch-adapter.js';
export { createBatchClient } from './client.js';
export { createJobListing } from './job-listing.js';
