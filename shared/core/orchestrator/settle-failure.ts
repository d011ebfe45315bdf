import type { Classification } from '../classify/classify-job.js';
import { type Decision, decide, failureCost } from '../decide/decide.js';
import type { NormalisedJob } from '../events/types.js';
import { childLinkProblem, isOrphan } from '../lineage/apply-decision.js';
import { LedgerConflictError } from '../lineage/errors.js';
import { findDecision } from '../lineage/find-decision.js';
import type { LineageRef } from '../lineage/lineage-ref.js';
import { type ChildLink, type Lineage, type LineageState, stateOf } from '../lineage/types.js';
import type { LoadedPolicy } from '../policy/select.js';
import { selectPolicy } from '../policy/select.js';
import type { ExpectedLineage, LineageSeed } from '../ports/ledger.js';
import { answerNotDecided } from './await-not-decided.js';
import { toDecisionRecord } from './decision-record.js';
import type { DecideDeps, Settled } from './outcomes.js';

/** How often a decision is made again when the lineage changed under it. */
const MAX_DECISION_ROUNDS = 4;

/** What a decision is based on: the lineage's state and what the write must find. */
interface Basis {
  readonly state: LineageState | undefined;
  readonly expected: ExpectedLineage;
  readonly rootJobId: string;
  readonly rootJobName: string;
  readonly child?: ChildLink;
}

/**
 * Stage 1 of a FAILED event: decide and record exactly one decision (G1), in as few requests as the
 * event allows. A root job's first failure is decided without a read and recorded with one
 * conditional PutItem. A child batch-retry submitted carries its lineage's state in its tags, so its
 * failure is also decided without a read; the write checks that state and the child's claim token.
 * Only when the write finds the lineage changed (or the child carries no state, as on EKS) is the
 * lineage read and the decision made again.
 */
export async function settleFailure(
  job: NormalisedJob,
  classification: Classification,
  ref: LineageRef | undefined,
  policies: readonly LoadedPolicy[],
  deps: DecideDeps,
): Promise<Settled> {
  let basis: Basis | Settled | Orphan = rootBasis(job);
  if (ref !== undefined) {
    const link: ChildLink = {
      parentJobId: ref.parentJobId,
      jobId: job.jobId,
      ...(ref.claimToken === undefined ? {} : { claimToken: ref.claimToken }),
    };
    basis =
      ref.state === undefined || ref.policyName === undefined
        ? await fromLedger(job, link, ref.rootJobId, await deps.ledger.getLineage(ref.rootJobId), deps)
        : {
            state: { ...ref.state, rootJobId: ref.rootJobId, policyName: ref.policyName, status: 'OPEN' },
            expected: { kind: 'attempts', totalAttempts: ref.state.totalAttempts },
            rootJobId: ref.rootJobId,
            rootJobName: job.jobName,
            child: link,
          };
  }
  for (let round = 0; round < MAX_DECISION_ROUNDS; round++) {
    if ('kind' in basis) {
      return basis.kind === 'orphan' ? settleOrphanFailure(job, classification, basis.lineage, deps) : basis;
    }
    const made = decideOn(job, classification, basis, policies, deps);
    if (made.kind === 'done') {
      if (ref === undefined && made.outcome.outcome === 'ignored') {
        await answerNotDecided(job, classification, made.outcome.reason, deps);
      }
      return { kind: 'done', outcome: made.outcome };
    }
    const result = await deps.ledger.recordDecision({
      seed: made.seed,
      expected: basis.expected,
      decision: made.record,
      countsDelta: made.decision.countsDelta,
      ...(basis.child === undefined ? {} : { child: basis.child }),
    });
    if (result.outcome === 'recorded' || result.outcome === 'duplicate') {
      const duplicate = result.outcome === 'duplicate';
      const decision = duplicate ? result.decision : made.record;
      if (!duplicate) logDecided(job, made, deps);
      return {
        kind: 'decided',
        job,
        rootJobId: basis.rootJobId,
        decision,
        lineage: result.lineage,
        duplicate,
        policy: made.policy,
      };
    }
    const { rootJobId, child } = basis;
    deps.log.debug('lineage changed while deciding; deciding again', { rootJobId, jobId: job.jobId });
    basis =
      child === undefined
        ? rootBasis(job, result.lineage)
        : await fromLedger(job, child, rootJobId, result.lineage, deps);
  }
  throw new LedgerConflictError(ref?.rootJobId ?? job.jobId);
}

/** A job its user submitted: its own lineage, new unless `lineage` (just read) says otherwise. */
function rootBasis(job: NormalisedJob, lineage?: Lineage): Basis {
  return {
    state: lineage === undefined ? undefined : stateOf(lineage),
    expected: lineage === undefined ? { kind: 'new' } : { kind: 'version', version: lineage.version },
    rootJobId: job.jobId,
    rootJobName: job.jobName,
  };
}

/** A duplicate child's failure: recorded on its lineage by {@link settleOrphanFailure}. */
interface Orphan {
  readonly kind: 'orphan';
  readonly lineage: Lineage;
}

/**
 * The basis for a job whose tags name a lineage, from the stored lineage: a duplicate when its
 * decision is already there; ignored when the lineage is closed; an orphan's (counted, never
 * retried) when it is a duplicate child; a lineage of its own when the tags do not hold (a copy made
 * with "clone job", or a lineage that expired).
 */
async function fromLedger(
  job: NormalisedJob,
  link: ChildLink,
  rootJobId: string,
  lineage: Lineage | undefined,
  deps: DecideDeps,
): Promise<Basis | Settled | Orphan> {
  if (lineage === undefined)
    return untrusted(job, rootJobId, 'the lineage it names is not in the ledger', deps);
  const earlier = findDecision(lineage, job.jobId);
  if (earlier !== undefined) {
    return {
      kind: 'decided',
      job,
      rootJobId,
      decision: earlier,
      lineage,
      duplicate: true,
      policy: undefined,
    };
  }
  if (lineage.status !== 'OPEN') {
    return {
      kind: 'done',
      outcome: { outcome: 'ignored', reason: `lineage ${rootJobId} is already closed as ${lineage.status}` },
    };
  }
  const problem = childLinkProblem(lineage, link);
  if (problem !== undefined && isOrphan(lineage, link)) {
    return { kind: 'orphan', lineage };
  }
  if (problem !== undefined) return untrusted(job, rootJobId, problem, deps);
  return {
    state: stateOf(lineage),
    expected: { kind: 'version', version: lineage.version },
    rootJobId,
    rootJobName: lineage.rootJobName,
    child: link,
  };
}

function untrusted(job: NormalisedJob, rootJobId: string, why: string, deps: DecideDeps): Basis {
  deps.log.info('lineage tags do not match the ledger; treating the job as a new lineage', {
    jobId: job.jobId,
    taggedRootJobId: rootJobId,
    why,
  });
  return rootBasis(job);
}

type Made =
  | { readonly kind: 'done'; readonly outcome: Extract<Settled, { kind: 'done' }>['outcome'] }
  | {
      readonly kind: 'made';
      readonly decision: Exclude<Decision, { action: 'IGNORE' }>;
      readonly record: ReturnType<typeof toDecisionRecord>;
      readonly seed: LineageSeed;
      readonly policy: LoadedPolicy;
      readonly why: string;
    };

/** The decision on `basis`, under the lineage's policy (or, for a new lineage, the one that matches). */
function decideOn(
  job: NormalisedJob,
  classification: Classification,
  basis: Basis,
  policies: readonly LoadedPolicy[],
  deps: DecideDeps,
): Made {
  const sticky =
    basis.state === undefined ? undefined : policies.find((p) => p.name === basis.state?.policyName);
  const selected =
    sticky === undefined
      ? selectPolicy(job, policies)
      : { policy: sticky, why: `lineage ${basis.rootJobId} uses it` };
  if (selected === undefined) {
    return {
      kind: 'done',
      outcome: { outcome: 'ignored', reason: `no policy governs job ${job.jobName} (unmanaged)` },
    };
  }
  const now = deps.clock.now();
  const decision = decide({
    job,
    classification,
    lineage: basis.state,
    rootJobId: basis.rootJobId,
    policy: selected.policy,
    now,
    random: deps.random,
  });
  if (decision.action === 'IGNORE')
    return { kind: 'done', outcome: { outcome: 'ignored', reason: decision.reason } };
  return {
    kind: 'made',
    decision,
    record: toDecisionRecord({ job, classification, decision, now }),
    seed: {
      rootJobId: basis.rootJobId,
      rootJobName: basis.rootJobName,
      policyName: selected.policy.name,
      policyVersion: selected.policy.version,
      createdAt: basis.state?.createdAt ?? job.createdAt ?? now,
    },
    policy: selected.policy,
    why: selected.why,
  };
}

/**
 * Records the failure of a duplicate child (submitted under a claim its worker had lost): its
 * attempts count against the lineage, it is never retried, and the lineage stays open for the real
 * child.
 */
async function settleOrphanFailure(
  job: NormalisedJob,
  classification: Classification,
  lineage: Lineage,
  deps: DecideDeps,
): Promise<Settled> {
  const now = deps.clock.now();
  const cost = failureCost(
    { classification },
    classification.class === 'none' ? 'unknown' : classification.class,
  );
  const record = {
    ...toDecisionRecord({
      job,
      classification,
      decision: {
        action: 'EXIT',
        ...cost,
        reason:
          `job ${job.jobId} is a duplicate child of lineage ${lineage.rootJobId} (submitted under a claim its ` +
          'worker had lost): its attempts are counted, it is not retried, and the lineage carries on',
        budget: { totalUsed: lineage.totalAttempts + cost.attemptsCounted, totalLimit: 0, classUsed: 0 },
        explanation: [],
      },
      now,
    }),
    orphan: true,
  };
  const result = await deps.ledger.recordDecision({
    seed: { ...lineage, rootJobId: lineage.rootJobId },
    expected: { kind: 'version', version: lineage.version },
    decision: record,
    countsDelta: cost.countsDelta,
  });
  if (result.outcome === 'stale') throw new LedgerConflictError(lineage.rootJobId);
  const decision = result.outcome === 'duplicate' ? result.decision : record;
  return {
    kind: 'decided',
    job,
    rootJobId: lineage.rootJobId,
    decision,
    lineage: result.lineage,
    duplicate: result.outcome === 'duplicate',
    policy: undefined,
  };
}

function logDecided(job: NormalisedJob, made: Extract<Made, { kind: 'made' }>, deps: DecideDeps): void {
  deps.log.info('decided', {
    rootJobId: made.seed.rootJobId,
    jobId: job.jobId,
    jobName: job.jobName,
    class: made.record.failureClass,
    action: made.record.action,
    reason: made.record.reason,
    delaySeconds: made.record.delaySeconds,
    policy: `${made.policy.name}@${made.policy.version}`,
    policySelectedBecause: made.why,
  });
}
