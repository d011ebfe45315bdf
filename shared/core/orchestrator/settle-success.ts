import { recoveredAlert } from '../alerts/lineage-alerts.js';
import type { NormalisedJob } from '../events/types.js';
import { childLinkProblem, isOrphan } from '../lineage/apply-decision.js';
import { lineageRefOf } from '../lineage/lineage-ref.js';
import type { ChildLink } from '../lineage/types.js';
import type { LoadedPolicy } from '../policy/select.js';
import { alertUnder } from './alerting.js';
import type { DecideDeps, EventOutcome } from './outcomes.js';

/**
 * A SUCCEEDED event. A job whose tags (or, on EKS, pod labels) name no lineage succeeded on its
 * first run, or is not batch-retry's: ignored without a request. A child batch-retry submitted
 * closes its lineage as RECOVERED in one conditional write, which also records it as its parent's
 * child; a duplicate child that succeeds closes it too (the work is done). A copy of a child (its
 * tags say so, the ledger does not) changes nothing.
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
  const policy = (await policies()).find((p) => p.name === lineage.policyName)?.policy;
  if (policy !== undefined) await alertUnder(policy, recoveredAlert(job, lineage, now), deps.alerts);
  deps.log.info('lineage recovered', {
    rootJobId: lineage.rootJobId,
    jobId: job.jobId,
    jobName: job.jobName,
  });
  return { outcome: 'recovered', rootJobId: lineage.rootJobId };
}
