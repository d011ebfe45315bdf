import { lineageRefOf } from '../lineage/lineage-ref.js';
import type { OperatorAction } from '../lineage/operator-action.js';
import { type Lineage, MAX_STORED_TEXT_CHARS } from '../lineage/types.js';
import type { Clock } from '../ports/clock.js';
import type { JobLookupPort } from '../ports/jobs.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { OperatorLedgerPort } from '../ports/operator-ledger.js';
import { OperatorRefusal } from './operator-refusal.js';

/** What every operator command on a lineage needs. */
export interface OperatorDeps {
  readonly ledger: Pick<LedgerPort, 'getLineage'>;
  readonly operator: OperatorLedgerPort;
  /** DescribeJobs: a resubmitted child's lineage is found through its tags. */
  readonly jobs: JobLookupPort;
  readonly clock: Clock;
}

/** Who asks, and why. `by` is the caller's IAM identity (STS GetCallerIdentity). */
export interface Requester {
  readonly by: string;
  readonly reason: string;
}

/** An epoch-ms time as ISO 8601 UTC without milliseconds. */
export function utc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A person's reason, cut to what a lineage item stores. */
export function boundedReason(reason: string): string {
  const text = reason.trim() === '' ? '(no reason given)' : reason.trim();
  return text.length <= MAX_STORED_TEXT_CHARS ? text : `${text.slice(0, MAX_STORED_TEXT_CHARS - 3)}...`;
}

/**
 * The lineage of `jobId`: its own (a root job), else the one its `batch-retry:root-job-id` tag names
 * (read with DescribeJobs while Batch keeps the job). Refuses a job the ledger does not know.
 */
export async function lineageOfJob(
  jobId: string,
  deps: Pick<OperatorDeps, 'ledger' | 'jobs'>,
): Promise<Lineage> {
  const own = await deps.ledger.getLineage(jobId);
  if (own !== undefined) return own;
  const job = await deps.jobs.describeJob(jobId);
  const rootJobId = job === undefined ? undefined : lineageRefOf(job)?.rootJobId;
  const tagged = rootJobId === undefined ? undefined : await deps.ledger.getLineage(rootJobId);
  if (tagged !== undefined) return tagged;
  throw new OperatorRefusal(
    `job ${jobId} is not in the ledger: it has not failed, no policy manages it, or its record expired ` +
      '(`batch-retry lineage list` shows the recent lineages)',
    { jobId },
  );
}

/**
 * Why a conditional write found the lineage changed since `before` was read: another person's
 * action (named, with when and why), or the orchestrator moving on. Nothing was changed.
 */
export function changedMeanwhile(before: Lineage, after: Lineage | undefined): OperatorRefusal {
  const root = before.rootJobId;
  const newer: readonly OperatorAction[] = (after?.operatorActions ?? []).slice(
    (before.operatorActions ?? []).length,
  );
  const other = newer.at(-1);
  if (other !== undefined) {
    const did = other.action === 'CANCEL' ? 'cancelled the retry of' : 'asked for a retry of';
    return new OperatorRefusal(
      `${other.by} ${did} lineage ${root} at ${utc(other.at)} (${other.reason}) while you were deciding; ` +
        `nothing was changed. \`batch-retry lineage ${root}\` shows where it stands`,
      { rootJobId: root, by: other.by },
    );
  }
  return new OperatorRefusal(
    `lineage ${root} changed while you were deciding (it is now ${after?.status ?? 'gone'}); nothing was ` +
      `changed. Look again with \`batch-retry lineage ${root}\``,
    { rootJobId: root },
  );
}

/**
 * An operator command's three steps: work out the plan (reads only; refuses with OperatorRefusal),
 * let the caller `confirm` it, then carry it out. Resolves to undefined when not confirmed (nothing
 * changed).
 */
export async function confirmedChange<P, R>(
  plan: () => Promise<P>,
  confirm: (plan: P) => Promise<boolean>,
  carryOut: (plan: P) => Promise<R>,
): Promise<R | undefined> {
  const planned = await plan();
  if (!(await confirm(planned))) return undefined;
  return carryOut(planned);
}
