/**
 * The SubmitJob request builder: turns a failed job back into the request that resubmits it
 * faithfully (overrides only for what SubmitJob can override), with the lineage tags.
 */
export { buildSubmitRequest } from './build-request.js';
export { withClaimToken, withProbe } from './claim-token.js';
export { ResubmissionError } from './errors.js';
export { LINEAGE_TAG_KEYS } from './lineage-tags.js';
export { MASKED, maskEnvironment } from './mask-environment.js';
