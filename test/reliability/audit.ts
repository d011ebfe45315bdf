import { LINEAGE_TAG_KEYS } from '#core/submit/index.js';
import type { Functions } from '../integration/functions/harness.js';
import { childEvent } from '../integration/functions/job-events.js';
import type { CreatedJob } from './aws-world.js';

/** Reads of the ledger at once while auditing (dynalite answers them one by one anyway). */
const READS_AT_ONCE = 20;

/** What an end-to-end run of retried failures can lose: each count must be 0. */
export interface RetryAudit {
  readonly 'failures without a decision': number;
  readonly 'failures decided more than once': number;
  readonly 'failures never resubmitted': number;
  readonly 'failures resubmitted more than once': number;
  readonly 'lineages not closed as RECOVERED': number;
}

/** The jobs Batch created for each root job, from their lineage tags. */
export function childrenByRoot(created: readonly CreatedJob[]): Map<string, CreatedJob[]> {
  const byRoot = new Map<string, CreatedJob[]>();
  for (const job of created) {
    const root = job.input.tags?.[LINEAGE_TAG_KEYS.rootJobId] ?? '';
    byRoot.set(root, [...(byRoot.get(root) ?? []), job]);
  }
  return byRoot;
}

/** The SUCCEEDED event of each created job, as Batch emits it when the child finishes (at `now`). */
export function successEvents(created: readonly CreatedJob[], now: number): unknown[] {
  return created.map((job) => childEvent('succeeded', { input: job.input, childJobId: job.jobId }, now));
}

/**
 * Reads the lineage of every root job from the ledger and the children Batch created: each root must
 * have exactly one decision and exactly one child, and (when `recovered`) a lineage closed as
 * RECOVERED by that child's success.
 */
export async function auditRetries(
  functions: Functions,
  roots: readonly string[],
  created: readonly CreatedJob[],
  recovered = true,
): Promise<RetryAudit> {
  const children = childrenByRoot(created);
  const audit = {
    'failures without a decision': 0,
    'failures decided more than once': 0,
    'failures never resubmitted': 0,
    'failures resubmitted more than once': 0,
    'lineages not closed as RECOVERED': 0,
  };
  for (let i = 0; i < roots.length; i += READS_AT_ONCE) {
    const chunk = roots.slice(i, i + READS_AT_ONCE);
    const lineages = await Promise.all(chunk.map((root) => functions.ledger.getLineage(root)));
    lineages.forEach((lineage, j) => {
      const decisions = lineage?.decisions.length ?? 0;
      const submitted = children.get(chunk[j] ?? '')?.length ?? 0;
      if (decisions === 0) audit['failures without a decision'] += 1;
      if (decisions > 1) audit['failures decided more than once'] += 1;
      if (submitted === 0) audit['failures never resubmitted'] += 1;
      if (submitted > 1) audit['failures resubmitted more than once'] += 1;
      if (recovered && lineage?.status !== 'RECOVERED') audit['lineages not closed as RECOVERED'] += 1;
    });
  }
  return audit;
}
