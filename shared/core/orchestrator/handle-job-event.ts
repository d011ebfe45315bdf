import { gaveUpAlert, recoveredAlert, retryingAlert } from '../alerts/lineage-alerts.js';
import { type Classification, classifyJob } from '../classify/classify-job.js';
import { type Decision, decide } from '../decide/decide.js';
import type { NormalisedJob } from '../events/types.js';
import { LedgerConflictError } from '../lineage/errors.js';
import { findDecision } from '../lineage/find-decision.js';
import type { DecisionRecord, Lineage } from '../lineage/types.js';
import type { LoadedPolicy } from '../policy/select.js';
import { selectPolicy } from '../policy/select.js';
import type { AlertPort } from '../ports/alert.js';
import type { BreakerPort } from '../ports/breaker.js';
import type { Clock, Random } from '../ports/clock.js';
import { type DelayQueuePort, MAX_QUEUE_DELAY_SECONDS } from '../ports/delay-queue.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { LogPort } from '../ports/log.js';
import type { PolicySource } from '../ports/policy-source.js';
import { LINEAGE_TAG_KEYS } from '../submit/lineage-tags.js';
import { countOnBreaker } from './count-on-breaker.js';
import { toDecisionRecord } from './decision-record.js';
import type { RetryMessage } from './retry-message.js';

export interface DecideDeps {
  readonly ledger: LedgerPort;
  /** Breakers per queue and failure class, consulted and counted when the policy's breaker is enabled. */
  readonly breaker: BreakerPort;
  readonly retries: DelayQueuePort<RetryMessage>;
  readonly alerts: AlertPort;
  readonly policies: PolicySource;
  readonly clock: Clock;
  readonly random: Random;
  readonly log: LogPort;
}

export type EventOutcome =
  | { readonly outcome: 'ignored'; readonly reason: string }
  | {
      readonly outcome: 'retry-scheduled';
      readonly rootJobId: string;
      readonly decision: DecisionRecord;
      /** True when the decision had been recorded by an earlier delivery (G1): only the action was redone. */
      readonly duplicate: boolean;
    }
  | {
      readonly outcome: 'gave-up';
      readonly rootJobId: string;
      readonly decision: DecisionRecord;
      readonly duplicate: boolean;
    }
  | { readonly outcome: 'recovered'; readonly rootJobId: string };

/** How often a decision is retried when another delivery changed the lineage meanwhile. */
const MAX_CONFLICT_RETRIES = 3;

/**
 * Handles one "Batch Job State Change" event: a SUCCEEDED child closes its lineage as RECOVERED; a
 * FAILED job is classified, its policy selected, and exactly one decision recorded in the ledger
 * before anything is acted on (G1). The action (enqueue the retry, or alert that it gave up) is
 * redone whenever the same event is delivered again, so a crash after recording loses nothing (G3);
 * the resubmit side's claim keeps a re-sent retry from submitting twice (G2).
 *
 * With the policy's breaker enabled, a retry waits while the breaker of the job's queue and class is
 * open, and each newly recorded decision (never a redelivered one) counts one failure on it; the call
 * that opens it raises BREAKER_OPEN. A crash between recording and counting under-counts by one.
 *
 * @example
 * ```ts
 * // In memory (the simulator and tests do this; the decide Lambda wires the AWS adapters instead):
 * const deps: DecideDeps = {
 *   ledger: new InMemoryLedger(), breaker: new InMemoryBreaker(), retries: new RecordingDelayQueue(),
 *   alerts: new CollectingAlerts(), policies: await policySourceFromFiles(['policy.json']),
 *   clock: systemClock, random: systemRandom, log: silentLog,
 * };
 * const outcome = await handleJobEvent(parseEvent(eventJson, 'event.json'), deps);
 * if (outcome.outcome === 'retry-scheduled') console.log(outcome.decision.delaySeconds);
 * ```
 */
export async function handleJobEvent(job: NormalisedJob, deps: DecideDeps): Promise<EventOutcome> {
  if (job.status === 'SUCCEEDED') return handleSuccess(job, deps);
  if (job.status !== 'FAILED') return { outcome: 'ignored', reason: `status ${job.status} is not final` };

  const classification = classifyJob(job);
  if (classification.derived) {
    return {
      outcome: 'ignored',
      reason: `derived failure (${classification.class}), counted on its source job`,
    };
  }
  const rootJobId =
    (await taggedLineage(job, deps)) ?? (await deps.ledger.findRootJobId(job.jobId)) ?? job.jobId;

  for (let attempt = 0; ; attempt++) {
    try {
      return await decideOnce(job, classification, rootJobId, deps);
    } catch (error) {
      if (!(error instanceof LedgerConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      deps.log.debug('lineage changed while deciding; deciding again', { rootJobId, jobId: job.jobId });
    }
  }
}

/**
 * The lineage a job's `batch-retry:*` tags point at, when the ledger agrees that the job is the child
 * batch-retry submitted for its parent (or is being submitted: the claim may not be recorded yet).
 * Tags copied onto another job (the console's "clone job" copies them) are not trusted: that job
 * starts a lineage of its own.
 */
async function taggedLineage(job: NormalisedJob, deps: DecideDeps): Promise<string | undefined> {
  const rootJobId = job.tags[LINEAGE_TAG_KEYS.rootJobId];
  if (rootJobId === undefined) return undefined;
  const parentJobId = job.tags[LINEAGE_TAG_KEYS.parentJobId];
  const lineage = await deps.ledger.getLineage(rootJobId);
  const parent =
    lineage === undefined || parentJobId === undefined ? undefined : findDecision(lineage, parentJobId);
  const submission = parent?.submission;
  if (
    parent?.action === 'RETRY' &&
    (submission?.state !== 'SUBMITTED' || submission.childJobId === job.jobId)
  ) {
    return rootJobId;
  }
  deps.log.info('lineage tags do not match the ledger; treating the job as a new lineage', {
    jobId: job.jobId,
    taggedRootJobId: rootJobId,
    taggedParentJobId: parentJobId,
  });
  return undefined;
}

async function policyFor(
  job: NormalisedJob,
  lineage: Lineage | undefined,
  deps: DecideDeps,
): Promise<{ policy: LoadedPolicy; why: string } | undefined> {
  const policies = await deps.policies.load();
  // A lineage keeps the policy that made its first decision, so budgets are counted under one policy.
  if (lineage !== undefined) {
    const sticky = policies.find((p) => p.name === lineage.policyName);
    if (sticky !== undefined) return { policy: sticky, why: `lineage ${lineage.rootJobId} uses it` };
  }
  return selectPolicy(job, policies);
}

async function decideOnce(
  job: NormalisedJob,
  classification: Classification,
  rootJobId: string,
  deps: DecideDeps,
): Promise<EventOutcome> {
  const lineage = await deps.ledger.getLineage(rootJobId);
  const earlier = lineage === undefined ? undefined : findDecision(lineage, job.jobId);
  if (lineage !== undefined && earlier !== undefined) return act(job, earlier, lineage, true, deps);

  const selected = await policyFor(job, lineage, deps);
  if (selected === undefined) {
    return { outcome: 'ignored', reason: `no policy governs job ${job.jobName} (unmanaged)` };
  }
  const now = deps.clock.now();
  const breaker = selected.policy.policy.breaker;
  const pausedUntil =
    breaker.enabled && classification.class !== 'none'
      ? await deps.breaker.pausedUntil({ jobQueue: job.jobQueue, failureClass: classification.class }, now)
      : undefined;
  const decision: Decision = decide({
    job,
    classification,
    lineage,
    rootJobId,
    policy: selected.policy,
    now,
    random: deps.random,
    ...(pausedUntil === undefined ? {} : { pausedUntil }),
  });
  if (decision.action === 'IGNORE') return { outcome: 'ignored', reason: decision.reason };

  const record = toDecisionRecord({ job, classification, decision, now });
  const result = await deps.ledger.recordDecision({
    seed: {
      rootJobId,
      rootJobName: job.jobName,
      policyName: selected.policy.name,
      policyVersion: selected.policy.version,
      createdAt: lineage?.createdAt ?? job.createdAt ?? now,
    },
    expectedVersion: lineage?.version,
    decision: record,
    countsDelta: decision.countsDelta,
  });
  deps.log.info('decided', {
    rootJobId,
    jobId: job.jobId,
    jobName: job.jobName,
    class: record.failureClass,
    action: record.action,
    reason: record.reason,
    delaySeconds: record.delaySeconds,
    policy: `${selected.policy.name}@${selected.policy.version}`,
    policySelectedBecause: selected.why,
  });
  if (result.outcome === 'duplicate') return act(job, result.decision, result.lineage, true, deps);
  await countOnBreaker(job, record, selected.policy, deps);
  return act(job, record, result.lineage, false, deps);
}

async function act(
  job: NormalisedJob,
  decision: DecisionRecord,
  lineage: Lineage,
  duplicate: boolean,
  deps: DecideDeps,
): Promise<EventOutcome> {
  const policy = (await deps.policies.load()).find((p) => p.name === lineage.policyName)?.policy;
  const alertOn = policy?.alerts.on ?? ['GAVE_UP'];
  const now = deps.clock.now();
  const rootJobId = lineage.rootJobId;

  if (decision.action === 'RETRY') {
    if (decision.submission?.state !== 'SUBMITTED') {
      const dueAt = decision.dueAt ?? now;
      const delaySeconds = Math.min(Math.max(0, Math.ceil((dueAt - now) / 1000)), MAX_QUEUE_DELAY_SECONDS);
      await deps.retries.send({ v: 1, rootJobId, failedJobId: decision.failedJobId, dueAt }, delaySeconds);
    }
    if (alertOn.includes('RETRYING') && decision.alertedAt === undefined) {
      await deps.alerts.publish(retryingAlert(job, decision, lineage, now));
      await deps.ledger.markAlerted({ rootJobId, failedJobId: decision.failedJobId, at: now });
    }
    return { outcome: 'retry-scheduled', rootJobId, decision, duplicate };
  }

  if (alertOn.includes('GAVE_UP') && decision.alertedAt === undefined) {
    await deps.alerts.publish(gaveUpAlert(job, decision, lineage, now));
    await deps.ledger.markAlerted({ rootJobId, failedJobId: decision.failedJobId, at: now });
  }
  return { outcome: 'gave-up', rootJobId, decision, duplicate };
}

/**
 * The lineage of a job whose event carries no (usable) lineage tags but that the ledger recorded as
 * a resubmitted child, through its job-id pointer (EKS events have been seen with `tags: {}`).
 */
async function recordedChildLineage(job: NormalisedJob, deps: DecideDeps): Promise<string | undefined> {
  const rootJobId = await deps.ledger.findRootJobId(job.jobId);
  if (rootJobId === undefined || rootJobId === job.jobId) return undefined;
  const lineage = await deps.ledger.getLineage(rootJobId);
  const isChild = lineage?.decisions.some((d) => d.submission?.childJobId === job.jobId) === true;
  return isChild ? rootJobId : undefined;
}

async function handleSuccess(job: NormalisedJob, deps: DecideDeps): Promise<EventOutcome> {
  if (job.node?.index !== undefined) {
    return {
      outcome: 'ignored',
      reason: "a node's success: the multi-node job's own event closes its lineage",
    };
  }
  const rootJobId = (await taggedLineage(job, deps)) ?? (await recordedChildLineage(job, deps));
  if (rootJobId === undefined) {
    return {
      outcome: 'ignored',
      reason: 'succeeded on its first run, or is not a job batch-retry submitted',
    };
  }
  const now = deps.clock.now();
  const closed = await deps.ledger.closeLineage({ rootJobId, status: 'RECOVERED', at: now });
  if (!closed)
    return { outcome: 'ignored', reason: `lineage ${rootJobId} is not open (already closed or unknown)` };
  const lineage = await deps.ledger.getLineage(rootJobId);
  if (lineage !== undefined) {
    const policy = (await deps.policies.load()).find((p) => p.name === lineage.policyName)?.policy;
    if (policy?.alerts.on.includes('RECOVERED') === true) {
      await deps.alerts.publish(recoveredAlert(job, lineage, now));
    }
  }
  deps.log.info('lineage recovered', { rootJobId, jobId: job.jobId, jobName: job.jobName });
  return { outcome: 'recovered', rootJobId };
}
