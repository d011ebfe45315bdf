/**
 * AWS Batch adapters of the BatchPort (SubmitJob, finding a child by name and lineage tags), the
 * JobLookupPort (DescribeJobs of one job) and the listing of FAILED jobs the reconcile sweep reads
 * (JobListingPort), and the client, which makes one attempt per call: SubmitJob has no idempotency
 * token.
 */
export { createBatchAdapter, describeJobDetail } from './batch-adapter.js';
export { createBatchClient } from './client.js';
export { createJobListing } from './job-listing.js';
export { createBatchJobLookup } from './job-lookup.js';
