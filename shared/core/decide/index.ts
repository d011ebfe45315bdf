/**
 * The decision: a pure function of the failed job, its classification, its lineage, the policy, the
 * time and a random source. RETRY (with the exact child request), EXIT or IGNORE.
 */
export { type Decision, decide } from './decide.js';
