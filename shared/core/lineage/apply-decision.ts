import type { LineageSeed } from '../ports/ledger.js';
import { findDecision } from './find-decision.js';
import type { ChildLink, ClassCounts, DecisionRecord, Lineage } from './types.js';

/**
 * Why `child` is not (or can no longer be recorded as) the child of its parent's decision in
 * `lineage`, or undefined when it is: the parent has a claimed RETRY decision, the child carries the
 * claim's current token and no other child is recorded for it (a child without a token, submitted
 * before tokens were tagged, must be the recorded child).
 */
export function childLinkProblem(lineage: Lineage, child: ChildLink): string | undefined {
  const parent = findDecision(lineage, child.parentJobId);
  if (parent?.action !== 'RETRY')
    return `job ${child.parentJobId} has no RETRY decision in lineage ${lineage.rootJobId}`;
  const submission = parent.submission;
  if (submission === undefined) return `the resubmission of job ${child.parentJobId} was never claimed`;
  if (child.claimToken === undefined) {
    // Children submitted before claim tokens were tagged were recorded at submission.
    return submission.childJobId === child.jobId
      ? undefined
      : `job ${child.jobId} carries no claim token and is not the recorded child of job ${child.parentJobId}`;
  }
  if (submission.claimToken !== child.claimToken) {
    return submission.previousTokens?.includes(child.claimToken) === true
      ? `job ${child.jobId} was submitted under a claim its worker had lost (a duplicate child)`
      : `job ${child.jobId} carries a claim token the ledger never issued (a copy of a child?)`;
  }
  if (submission.childJobId !== undefined && submission.childJobId !== child.jobId) {
    return `job ${child.parentJobId} was already resubmitted as job ${submission.childJobId}`;
  }
  return undefined;
}

/** True when `jobId` is a duplicate child of a decision in `lineage` (recorded, or carrying a lost claim's token). */
export function isOrphan(lineage: Lineage, child: ChildLink): boolean {
  const parent = findDecision(lineage, child.parentJobId);
  if (parent?.orphans?.includes(child.jobId) === true) return true;
  const tokens = parent?.submission?.previousTokens;
  return child.claimToken !== undefined && tokens?.includes(child.claimToken) === true;
}

/** `lineage` with `child` recorded as its parent's child (SUBMITTED at `at`, request dropped). Pure. */
export function linkChild(lineage: Lineage, child: ChildLink, at: number): Lineage {
  return {
    ...lineage,
    decisions: lineage.decisions.map((d) => {
      if (d.failedJobId !== child.parentJobId || d.submission === undefined) return d;
      const { request: _submitted, ...rest } = d;
      return {
        ...rest,
        submission: {
          ...d.submission,
          state: 'SUBMITTED' as const,
          childJobId: child.jobId,
          submittedAt: d.submission.submittedAt ?? at,
        },
      };
    }),
  };
}

/**
 * The lineage after recording `decision`: a new lineage (version 1) when `base` is a seed, else
 * `base` with the decision appended and its version bumped. Adds `attemptsCounted` to the total and
 * `countsDelta` to the class counts; an EXIT closes the lineage as GAVE_UP at `decidedAt`, unless it
 * is an orphan's (a duplicate child's failure leaves the real child to carry on). Links `child` to
 * its parent. Pure: the one definition both ledgers use, so their records agree.
 */
export function applyDecision(
  base: Lineage | LineageSeed,
  decision: DecisionRecord,
  countsDelta: Readonly<Record<string, number>>,
  child?: ChildLink,
): Lineage {
  const current: Lineage =
    'version' in base
      ? base
      : {
          rootJobId: base.rootJobId,
          rootJobName: base.rootJobName,
          policyName: base.policyName,
          policyVersion: base.policyVersion,
          createdAt: base.createdAt,
          status: 'OPEN',
          counts: {},
          totalAttempts: 0,
          decisions: [],
          version: 0,
        };
  const counts: Record<string, number> = { ...current.counts };
  for (const [failureClass, delta] of Object.entries(countsDelta)) {
    counts[failureClass] = (counts[failureClass] ?? 0) + delta;
  }
  const linked = child === undefined ? current : linkChild(current, child, decision.decidedAt);
  const closes = decision.action === 'EXIT' && decision.orphan !== true;
  return {
    ...linked,
    counts: counts as ClassCounts,
    totalAttempts: current.totalAttempts + decision.attemptsCounted,
    decisions: [...linked.decisions, decision],
    version: current.version + 1,
    ...(closes ? { status: 'GAVE_UP' as const, closedAt: decision.decidedAt } : {}),
  };
}
