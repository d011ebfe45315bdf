import { recoveredAlert } from '../alerts/lineage-alerts.js';
import type { NormalisedJob } from '../events/types.js';
import { childLinkProblem, isOrphan } from '../lineage/apply-decision.js';
import { findDecision } from '../lineage/find-decision.js';
import { lineageRefOf } from '../lineage/lineage-ref.js';
import type { ChildLink, Lineage } from '../lineage/types.js';
import { type LoadedPolicy, selectPolicy } from '../policy/select.js';
import { announceOrThrow, answerWaiters } from '../workflow/announce.js';
import { isAwaited } from '../workflow/await-tag.js';
import { closedNews, firstRunSuccessNews } from '../workflow/lineage-news.js';
import { alertUnder } from './alerting.js';
import type { DecideDeps, EventOutcome } from './outcomes.js';

/**
 * A SUCCEEDED event. A job whose tags (or, on EKS, pod labels) name no lineage succeeded on its
 * first run, or is not batch-retry's: ignored without a request, unless it carries the
 * `batch-retry:await` tag (then the tasks waiting on it are answered). A child batch-retry submitted
 * closes its lineage as RECOVERED in one conditional write, which also records it as its parent's
 * child; a duplicate child that succeeds closes it too (the work is done). A copy of a child (its
 * tags say so, the ledger does not) changes nothing. The closing is announced (lineage event, waiting
 * tasks) after the write; a redelivered event of the child that closed it announces it again.
 */
export async function settleSuccess(
  job: NormalisedJob,
  policies: () => Promise<readonly LoadedPolicy[]>,
  deps: DecideDeps,
): Promise<EventOutcome> {
  if (job.node?.index !== undefined) {
    return {
      outcome: 'ignored',
      reason: "a node's success: the multi-node job's own event closes its lineage",
    };
  }
  const ref = lineageRefOf(job);
  if (ref === undefined || ref.parentJobId === job.jobId) {
    if (isAwaited(job.tags)) return firstRunSuccess(job, policies, deps);
    return {
      outcome: 'ignored',
      reason: 'succeeded on its first run, or is not a job batch-retry submitted',
    };
  }
  const now = deps.clock.now();
  const child: ChildLink = {
    parentJobId: ref.parentJobId,
    jobId: job.jobId,
    ...(ref.claimToken === undefined ? {} : { claimToken: ref.claimToken }),
  };
  let result = await deps.ledger.closeLineage({
    rootJobId: ref.rootJobId,
    status: 'RECOVERED',
    at: now,
    child,
  });
  if (result.outcome === 'unchanged') {
    const lineage = result.lineage;
    if (lineage === undefined)
      return { outcome: 'ignored', reason: `lineage ${ref.rootJobId} is not in the ledger` };
    if (lineage.status !== 'OPEN') {
      if (lineage.status === 'RECOVERED' && closedBy(lineage, child)) {
        await announceRecovered(job, lineage, true, deps);
      }
      return {
        outcome: 'ignored',
        reason: `lineage ${ref.rootJobId} is already closed as ${lineage.status}`,
      };
    }
    const problem = childLinkProblem(lineage, child);
    if (problem === undefined || !isOrphan(lineage, child)) {
      return {
        outcome: 'ignored',
        reason: `not a child of lineage ${ref.rootJobId}: ${problem ?? 'it changed meanwhile'}`,
      };
    }
    result = await deps.ledger.closeLineage({ rootJobId: ref.rootJobId, status: 'RECOVERED', at: now });
    if (result.outcome === 'unchanged')
      return { outcome: 'ignored', reason: `lineage ${ref.rootJobId} closed meanwhile` };
  }
  const lineage = result.lineage;
  // The notice first: a failed announcement is repeated by the redelivery, which does not alert again.
  await alertRecovered(job, lineage, policies, deps, now);
  await announceRecovered(job, lineage, false, deps);
  deps.log.info('lineage recovered', {
    rootJobId: lineage.rootJobId,
    jobId: job.jobId,
    jobName: job.jobName,
  });
  return { outcome: 'recovered', rootJobId: lineage.rootJobId };
}

/** The (opt-in) RECOVERED alert of `lineage`, under its policy. */
async function alertRecovered(
  job: NormalisedJob,
  lineage: Lineage,
  policies: () => Promise<readonly LoadedPolicy[]>,
  deps: DecideDeps,
  now: number,
): Promise<void> {
  const policy = (await policies()).find((p) => p.name === lineage.policyName)?.policy;
  if (policy !== undefined) await alertUnder(policy, recoveredAlert(job, lineage, now), deps.alerts);
}

/** True when `child` is the job whose success closed `lineage` (its recorded child, or a duplicate). */
function closedBy(lineage: Lineage, child: ChildLink): boolean {
  return (
    findDecision(lineage, child.parentJobId)?.submission?.childJobId === child.jobId ||
    isOrphan(lineage, child)
  );
}

function announceRecovered(
  job: NormalisedJob,
  lineage: Lineage,
  republished: boolean,
  deps: DecideDeps,
): Promise<void> {
  return announceOrThrow(
    [
      {
        news: closedNews(lineage, { republished, latestJobId: job.jobId }),
        answerWaiters: isAwaited(job.tags),
      },
    ],
    deps,
  );
}

/**
 * A job tagged `batch-retry:await` that succeeded on its first run: when a policy manages it and
 * tasks wait on it, the job's final answer (SUCCEEDED) is published and given to them. One Query when
 * nobody waits.
 */
async function firstRunSuccess(
  job: NormalisedJob,
  policies: () => Promise<readonly LoadedPolicy[]>,
  deps: DecideDeps,
): Promise<EventOutcome> {
  const selected = selectPolicy(job, await policies());
  if (selected === undefined || deps.waiters === undefined) {
    return { outcome: 'ignored', reason: 'succeeded on its first run; no policy manages it' };
  }
  const waiting = await deps.waiters.store.waitersOf(job.jobId);
  if (waiting.length === 0) {
    return { outcome: 'ignored', reason: 'succeeded on its first run; no task waits on it' };
  }
  const policy = { name: selected.policy.name, version: selected.policy.version };
  const news = firstRunSuccessNews({
    jobId: job.jobId,
    jobName: job.jobName,
    policy,
    at: job.stoppedAt ?? deps.clock.now(),
    republished: false,
  });
  await announceOrThrow([{ news, answerWaiters: false }], deps);
  await answerWaiters(news, deps.waiters, deps.log, waiting);
  return { outcome: 'first-run-success', rootJobId: job.jobId };
}
