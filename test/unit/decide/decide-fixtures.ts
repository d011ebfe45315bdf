import { SeededRandom } from '#adapters/memory/seeded-random.js';
import type { FailureClass } from '#core/classify/classes.js';
import { type Classification, classifyJob } from '#core/classify/classify-job.js';
import { type Decision, decide } from '#core/decide/decide.js';
import type { NormalisedJob } from '#core/events/types.js';
import {
  type ClassCounts,
  type DecisionRecord,
  type Lineage,
  type LineageState,
  stateOf,
} from '#core/lineage/types.js';
import type { LoadedPolicy } from '#core/policy/select.js';
import type { Random } from '#core/ports/clock.js';
import { jobFromFixture } from '../../fixtures/events/job-from-fixture.js';
import { loadedPolicy, TEST_POLICY_NAME } from '../../helpers/policies.js';

/** "Now" in every decision test: shortly after the fixtures' jobs were created (May 2024). */
export const NOW = Date.parse('2024-05-15T06:00:00Z');

/** A job and its classification, as the decide Lambda hands them over. */
export interface ClassifiedJob {
  readonly job: NormalisedJob;
  readonly classification: Classification;
}

/** A fixture's job (edited by `change`, when given) and its classification. */
export function classified(name: string, change?: (detail: Record<string, unknown>) => void): ClassifiedJob {
  const job = jobFromFixture(name, change);
  return { job, classification: classifyJob(job) };
}

/** One earlier RETRY decision, as the ledger keeps it (only the fields decide reads matter). */
function earlierDecision(index: number, failureClass: FailureClass, delaySeconds: number): DecisionRecord {
  return {
    failedJobId: `earlier-${index}`,
    failedJobName: 'earlier',
    jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/spot-queue',
    failureClass,
    attemptsCounted: 1,
    action: 'RETRY',
    reason: 'earlier retry',
    decidedAt: NOW - 60_000,
    delaySeconds,
    childAttempt: index + 2,
  };
}

/**
 * An OPEN lineage whose earlier failures were one attempt each: `counts` per class, one RETRY
 * decision per failure (the last one with `lastDelaySeconds`), created `ageSeconds` before NOW.
 */
export function lineageWith(options: {
  readonly counts?: ClassCounts;
  readonly ageSeconds?: number;
  readonly lastDelaySeconds?: number;
  readonly status?: Lineage['status'];
}): LineageState {
  const counts = options.counts ?? {};
  const classes = Object.entries(counts).flatMap(([cls, n]) =>
    Array<FailureClass>(n ?? 0).fill(cls as FailureClass),
  );
  const decisions = classes.map((cls, i) =>
    earlierDecision(i, cls, i === classes.length - 1 ? (options.lastDelaySeconds ?? 60) : 60),
  );
  return stateOf({
    rootJobId: 'root-job',
    rootJobName: 'earlier',
    policyName: TEST_POLICY_NAME,
    policyVersion: 1,
    createdAt: NOW - (options.ageSeconds ?? 3600) * 1000,
    status: options.status ?? 'OPEN',
    counts,
    totalAttempts: classes.length,
    decisions,
    version: decisions.length,
  });
}

/** Runs decide on a classified job; defaults: no lineage, the default test policy, NOW, seed 1. */
export function decideOn(
  input: ClassifiedJob,
  options: {
    readonly policy?: LoadedPolicy;
    readonly lineage?: LineageState;
    readonly now?: number;
    readonly random?: Random;
  } = {},
): Decision {
  return decide({
    ...input,
    lineage: options.lineage,
    policy: options.policy ?? loadedPolicy({ defaultAction: 'RETRY' }),
    now: options.now ?? NOW,
    random: options.random ?? new SeededRandom(1),
  });
}
