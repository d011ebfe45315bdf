import { classifyJob } from '../classify/classify-job.js';
import type { NormalisedJob } from '../events/types.js';
import { lineageRefOf } from '../lineage/lineage-ref.js';
import type { LoadedPolicy } from '../policy/select.js';
import { actOnDecisions } from './act-on-decisions.js';
import { answerNotDecided } from './await-not-decided.js';
import { countOnBreakers } from './count-on-breakers.js';
import type { DecideDeps, Decided, EventOutcome, Settled } from './outcomes.js';
import { settleFailure } from './settle-failure.js';
import { settleSuccess } from './settle-success.js';

export type { DecideDeps, Decided, EventOutcome } from './outcomes.js';

/**
 * Handles a batch of "Batch Job State Change" events (one SQS batch) in three stages:
 * 1. each event on its own: a SUCCEEDED child closes its lineage as RECOVERED; a FAILED job is
 *    classified, its policy selected, and exactly one decision recorded in the ledger before
 *    anything is acted on (G1);
 * 2. the batch's new failures are counted on their breakers, one write per queue and class;
 * 3. each decision is carried out: retries-queue messages (one SendMessageBatch), parked behind an
 *    open breaker; GAVE_UP alerts. A redelivered event redoes its recorded decision's action, so a
 *    crash after recording loses nothing (G3); the resubmit side's claim keeps a re-sent retry from
 *    submitting twice (G2).
 *
 * Never rejects: returns, per job in order, its outcome or the error that stopped it (the caller
 * reports those records as batch item failures, so SQS redelivers them).
 */
export async function handleJobEvents(
  jobs: readonly NormalisedJob[],
  deps: DecideDeps,
): Promise<readonly (EventOutcome | Error)[]> {
  let loaded: Promise<readonly LoadedPolicy[]> | undefined;
  const policies = () => {
    loaded ??= deps.policies.load();
    return loaded;
  };
  const settled = await Promise.all(jobs.map((job) => settle(job, policies, deps).catch(asError)));
  const decided = settled.filter(
    (s): s is { kind: 'decided' } & Decided => !(s instanceof Error) && s.kind === 'decided',
  );
  const { parking, unalerted } = await countOnBreakers(decided, deps);
  const acted =
    decided.length === 0
      ? []
      : await actOnDecisions(decided, parking, await policies(), deps).catch((error: unknown) =>
          decided.map(() => asError(error)),
        );
  let next = 0;
  return settled.map((s) => {
    if (s instanceof Error) return s;
    if (s.kind === 'done') return s.outcome;
    const index = next++;
    const record = decided[index];
    // Carried out, but the BREAKER_OPEN its count caused did not go out: fail it, the redelivery raises it.
    return (
      (record === undefined ? undefined : unalerted.get(record)) ?? acted[index] ?? new Error('no outcome')
    );
  });
}

/**
 * Handles one event: {@link handleJobEvents} with a batch of one, rejecting with the error that
 * stopped it.
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
  const [result] = await handleJobEvents([job], deps);
  if (result === undefined) throw new Error('no outcome');
  if (result instanceof Error) throw result;
  return result;
}

async function settle(
  job: NormalisedJob,
  policies: () => Promise<readonly LoadedPolicy[]>,
  deps: DecideDeps,
): Promise<Settled> {
  if (job.status === 'SUCCEEDED') return { kind: 'done', outcome: await settleSuccess(job, policies, deps) };
  if (job.status !== 'FAILED') {
    return { kind: 'done', outcome: { outcome: 'ignored', reason: `status ${job.status} is not final` } };
  }
  const classification = classifyJob(job);
  if (classification.derived) {
    const reason = `derived failure (${classification.class}), counted on its source job`;
    await answerNotDecided(job, classification, reason, deps);
    return { kind: 'done', outcome: { outcome: 'ignored', reason } };
  }
  const ref = lineageRefOf(job);
  const trusted =
    ref === undefined || ref.parentJobId === job.jobId || ref.rootJobId === job.jobId ? undefined : ref;
  return settleFailure(job, classification, trusted, await policies(), deps);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
