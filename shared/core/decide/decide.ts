import type { FailureClass } from '../classify/classes.js';
import type { ClassCounts } from '../lineage/types.js';
import { backoffDelaySeconds, backoffFor } from '../policy/backoff.js';
import { HARD_LIMITS } from '../policy/limits.js';
import { matchRule } from '../policy/rules.js';
import type { SubmitJobInput } from '../ports/batch.js';
import { ResubmissionError } from '../submit/errors.js';
import { childRequest } from './child-request.js';
import type { BudgetUse, DecideInput, Decision, FailureCost } from './decision-types.js';
import { fitToFargate } from './fargate-escalation.js';
import { currentResources, escalatedResources, type Resources } from './resources.js';

export type { BudgetUse, DecideInput, Decision, FailureCost } from './decision-types.js';

/** What a failure costs the lineage: its attempts, per class (native retries included). */
export function failureCost(
  input: Pick<DecideInput, 'classification'>,
  failureClass: FailureClass,
): FailureCost {
  const delta: Record<string, number> = {};
  for (const attempt of input.classification.attempts) delta[attempt.class] = (delta[attempt.class] ?? 0) + 1;
  if (input.classification.attempts.length === 0) delta[failureClass] = 1;
  return {
    failureClass,
    attemptsCounted: Math.max(1, input.classification.attempts.length),
    countsDelta: delta,
  };
}

function addCounts(counts: ClassCounts, delta: Readonly<Record<string, number>>): ClassCounts {
  const sumByClass: Record<string, number> = { ...counts };
  for (const [cls, n] of Object.entries(delta)) sumByClass[cls] = (sumByClass[cls] ?? 0) + n;
  return sumByClass as ClassCounts;
}

function sum(counts: ClassCounts, delta: Readonly<Record<string, number>>, cls: FailureClass): number {
  return (counts[cls] ?? 0) + (delta[cls] ?? 0);
}

function fallbackQueue(input: DecideInput, infrastructureFailures: number): string | undefined {
  const ladder = input.policy.policy.fallback?.infrastructure.ladder ?? [];
  return ladder.filter((step) => infrastructureFailures >= step.afterFailures).at(-1)?.jobQueue;
}

/**
 * Decides what to do about one job state change: RETRY (after a delay, maybe on another queue or with
 * more memory), EXIT (give up) or IGNORE (not a failure this lineage counts). A pure function of its
 * input: the same input and random sequence always give the same decision.
 *
 * Order: non-failures and derived failures are ignored; the policy's rules decide RETRY or EXIT (a
 * cancelled job is only retried by an explicit rule, and a batchCompatible policy, like AWS Batch,
 * never retries a cancel or a timeout); then
 * the hard limits (HARD_LIMITS, which no policy lifts), the total budget, the class's own budget, the
 * array-child mode, the escalation ceiling (on Fargate: no valid vCPU/memory pair under the ceilings),
 * the lineage age, and a job that cannot be rebuilt as a SubmitJob request can each turn a RETRY into
 * an EXIT. The decision is final: a RETRY carries the exact request of the child, so the Lambda,
 * `explain`, the replay and the simulator all act on the same result.
 * An open breaker does not change the decision: the retry is parked behind it when it is sent
 * (`breakerPause`), and the lineage age is checked again when it comes due.
 *
 * @example
 * ```ts
 * const job = parseEvent(eventJson, 'event.json');
 * const decision = decide({
 *   job, classification: classifyJob(job), lineage: undefined, policy: loaded,
 *   now: Date.now(), random: new SeededRandom(1),
 * });
 * if (decision.action === 'RETRY') submit(decision.request, decision.delaySeconds);
 * ```
 */
export function decide(input: DecideInput): Decision {
  const { job, classification, lineage, policy } = input;
  if (job.status !== 'FAILED' || classification.class === 'none') {
    return { action: 'IGNORE', reason: `status ${job.status} is not a failure`, explanation: [] };
  }
  if (classification.derived) {
    const why =
      job.array?.isParent === true
        ? 'an array parent fails because a child failed; the child is decided on its own'
        : classification.class === 'dependency'
          ? 'the job never ran because a job it depends on failed; that job is decided on its own'
          : 'a non-main node follows its multi-node job; the multi-node job is decided';
    return { action: 'IGNORE', reason: `derived failure: ${why}`, explanation: [] };
  }
  if (job.node?.index !== undefined) {
    // Node jobs (UUID#n) report what the multi-node job's own event reports too; deciding both would
    // resubmit the job twice, so only the whole job (which carries nodeProperties) is decided.
    return {
      action: 'IGNORE',
      reason: `node ${job.node.index} of a multi-node job: the multi-node job's own event is decided`,
      explanation: [],
    };
  }
  if (lineage !== undefined && lineage.status !== 'OPEN') {
    return {
      action: 'IGNORE',
      reason: `lineage ${lineage.rootJobId} is already closed as ${lineage.status}`,
      explanation: [],
    };
  }

  const failureClass = classification.class;
  const cost = failureCost(input, failureClass);
  const counts = lineage?.counts ?? {};
  const totalUsed = (lineage?.totalAttempts ?? 0) + cost.attemptsCounted;
  const totalLimit = Math.min(policy.policy.budgets.total, HARD_LIMITS.maxAttempts);
  const classUsed = sum(counts, cost.countsDelta, failureClass);
  const classLimit = policy.policy.budgets.perClass[failureClass];
  const budget: BudgetUse = {
    totalUsed,
    totalLimit,
    classUsed,
    ...(classLimit === undefined ? {} : { classLimit }),
  };
  const explanation: string[] = [`classified as ${failureClass}`];
  if (job.attemptsListed !== undefined) {
    explanation.push(
      `the event lists ${job.attemptsListed} attempts; AWS Batch runs at most 10, so only the last ${job.attempts.length} were read and counted`,
    );
  }
  const exit = (reason: string): Decision => ({
    action: 'EXIT',
    ...cost,
    reason,
    budget,
    explanation: explanation.at(-1) === reason ? [...explanation] : [...explanation, reason],
  });

  const last = job.attempts.at(-1);
  const statusReason = last?.statusReason ?? job.statusReason;
  const cause = classification.evidence.cause;
  const rule = matchRule(policy.policy, {
    failureClass,
    ...(cause === undefined ? {} : { cause }),
    ...(last?.exitCode === undefined ? {} : { exitCode: last.exitCode }),
    ...(last?.containerReason === undefined ? {} : { containerReason: last.containerReason }),
    ...(statusReason === undefined ? {} : { statusReason }),
  });
  explanation.push(rule.explanation);
  if (rule.action === 'EXIT') return exit(rule.explanation);
  if (failureClass === 'cancelled' && (rule.ruleIndex === undefined || policy.policy.batchCompatible)) {
    return exit(
      'a person or tool cancelled or terminated this job, and batch-retry does not undo that' +
        (policy.policy.batchCompatible
          ? ' (AWS Batch never retries a cancelled job)'
          : ' unless a rule says so'),
    );
  }
  if (failureClass === 'timeout' && policy.policy.batchCompatible) {
    return exit(
      'AWS Batch never retries an attempt that ran past its timeout, and this policy is batchCompatible',
    );
  }

  if (totalUsed >= HARD_LIMITS.maxAttempts) {
    return exit(`the lineage has used ${totalUsed} attempts, the hard limit of ${HARD_LIMITS.maxAttempts}`);
  }
  if (totalUsed >= totalLimit) {
    return exit(`the lineage has used ${totalUsed} of its ${totalLimit} attempts (budgets.total)`);
  }
  if (classLimit !== undefined && classUsed > classLimit) {
    return exit(
      `${classUsed} ${failureClass} failures exceed the ${classLimit} retries of budgets.perClass.${failureClass}`,
    );
  }
  explanation.push(
    `budget: ${totalUsed}/${totalLimit} attempts` +
      (classLimit === undefined ? '' : `, ${classUsed}/${classLimit} ${failureClass} retries`),
  );

  if (job.array?.parentJobId !== undefined && policy.policy.arrayChildren.mode === 'alert-only') {
    return exit(
      `array child ${job.jobId} cannot be rerun under its own index; arrayChildren.mode is alert-only`,
    );
  }

  let resources: Resources | undefined;
  const escalate = policy.policy.escalate;
  if (failureClass === 'resource' && escalate !== undefined) {
    const current = currentResources(job);
    resources = escalatedResources(current, escalate);
    if (resources === undefined) {
      return exit(
        current.memoryMiB === undefined
          ? 'the event does not say how much memory the job had, so it cannot be escalated'
          : `memory is already at the escalation ceiling (${current.memoryMiB} MiB of ${escalate.maxMemoryMiB} MiB)`,
      );
    }
    if (job.platform === 'FARGATE') {
      // Fargate accepts only certain vCPU/memory pairs; SubmitJob refuses any other.
      const fit = fitToFargate(current, resources, escalate);
      if (!fit.fits) return exit(fit.reason);
      resources = fit.resources;
    }
    explanation.push(
      `escalate to ${resources.memoryMiB ?? '(unchanged)'} MiB, ${resources.vcpus ?? '(unchanged)'} vCPUs` +
        (job.platform === 'FARGATE' ? ' (a Fargate size)' : ''),
    );
  }

  const fallback =
    failureClass === 'infrastructure'
      ? fallbackQueue(input, sum(counts, cost.countsDelta, failureClass))
      : undefined;
  const jobQueue = fallback ?? job.jobQueue;
  const backoffSeconds = backoffDelaySeconds(
    backoffFor(policy.policy.backoff, failureClass),
    classUsed,
    lineage?.lastDelaySeconds,
    input.random,
  );
  const delaySeconds = Math.min(backoffSeconds, HARD_LIMITS.maxDelaySeconds);
  const createdAt = lineage?.createdAt ?? job.createdAt ?? input.now;
  const maxAgeSeconds = Math.min(
    policy.policy.budgets.maxLineageAgeSeconds,
    HARD_LIMITS.maxLineageAgeSeconds,
  );
  const ageAtRetrySeconds = (input.now - createdAt) / 1000 + delaySeconds;
  if (ageAtRetrySeconds > maxAgeSeconds) {
    return exit(
      `the lineage would be ${Math.round(ageAtRetrySeconds)} s old at the retry, over its limit of ${maxAgeSeconds} s`,
    );
  }

  const childAttempt = totalUsed + 1;
  let request: SubmitJobInput;
  try {
    request = childRequest({
      job,
      rootJobId: input.rootJobId ?? lineage?.rootJobId ?? job.jobId,
      policy,
      childAttempt,
      jobQueue,
      resources,
      attemptsLeft: totalLimit - totalUsed,
      state: {
        totalAttempts: totalUsed,
        counts: addCounts(counts, cost.countsDelta),
        policyVersion: lineage?.policyVersion ?? policy.version,
        createdAt,
        lastDelaySeconds: delaySeconds,
      },
    });
  } catch (error) {
    if (!(error instanceof ResubmissionError)) throw error;
    return exit(`it cannot be resubmitted: ${error.message}`);
  }

  if (fallback !== undefined) explanation.push(`fallback ladder moves the job to ${fallback}`);
  explanation.push(`retry in ${delaySeconds} s`);

  return {
    action: 'RETRY',
    ...cost,
    delaySeconds,
    jobQueue,
    ...(resources === undefined ? {} : { resources }),
    request,
    childAttempt,
    budget,
    explanation,
  };
}
