import { OrchestratorError } from '../errors.js';
import { lineageRefOf } from '../lineage/lineage-ref.js';
import { selectPolicy } from '../policy/select.js';
import type { Clock } from '../ports/clock.js';
import type { JobLookupPort } from '../ports/jobs.js';
import type { LedgerPort } from '../ports/ledger.js';
import type { LogPort } from '../ports/log.js';
import type { PolicySource } from '../ports/policy-source.js';
import { answerWaiters, type WaiterDeps } from './announce.js';
import { AWAIT_TAG, isAwaited } from './await-tag.js';
import { closedNews, firstRunSuccessNews, type LineageNewsStatus } from './lineage-news.js';

/** The ports the `await` function needs. */
export interface AwaitDeps {
  readonly ledger: LedgerPort;
  readonly jobs: JobLookupPort;
  readonly waiters: WaiterDeps;
  readonly policies: PolicySource;
  readonly clock: Clock;
  readonly log: LogPort;
}

/** What a state machine passes: `{"jobId.$": "$.JobId", "taskToken.$": "$$.Task.Token"}`. */
export interface AwaitRequest {
  readonly jobId: string;
  readonly taskToken: string;
}

export type AwaitOutcome =
  /** The task waits: it is answered when the lineage ends. */
  | { readonly outcome: 'waiting'; readonly rootJobId: string }
  /** The lineage had already ended (or the job succeeded on its first run): answered at once. */
  | { readonly outcome: 'answered'; readonly rootJobId: string; readonly status: LineageNewsStatus };

/** Error names of a refused request; the state machine sees them as the task's error. */
export const AWAIT_ERRORS = {
  unknownJob: 'BatchRetry.UnknownJob',
  notAwaitable: 'BatchRetry.NotAwaitable',
  unmanaged: 'BatchRetry.Unmanaged',
} as const;

/** A request batch-retry can never answer: permanent, nothing was registered. `name` is the task's error. */
export class AwaitRefusedError extends OrchestratorError {
  constructor(name: (typeof AWAIT_ERRORS)[keyof typeof AWAIT_ERRORS], message: string, jobId: string) {
    super(message, { transient: false, context: { jobId } });
    this.name = name;
  }
}

/**
 * The `await` function's use case, for `arn:aws:states:::lambda:invoke.waitForTaskToken`: keeps the
 * task token with the job's lineage, to be answered (SendTaskSuccess or SendTaskFailure) when the
 * lineage ends. When it has already ended, or the job succeeded on its first run, answers at once.
 *
 * The token is stored before the ledger and Batch are read again; the functions that close a lineage
 * write first and look for waiters after. Whichever comes second sees the other, so no task is
 * missed (both may answer: Step Functions refuses the second answer, which is dropped).
 *
 * Refuses (AwaitRefusedError, nothing stored) a job Batch and the ledger do not know, a job without the
 * `batch-retry:await` tag (nobody would look for its waiters), and a job no policy manages.
 */
export async function awaitLineage(request: AwaitRequest, deps: AwaitDeps): Promise<AwaitOutcome> {
  const { jobId, taskToken } = request;
  const job = await deps.jobs.describeJob(jobId);
  const rootJobId = (job === undefined ? undefined : lineageRefOf(job)?.rootJobId) ?? jobId;
  if (job === undefined) {
    if ((await deps.ledger.getLineage(jobId)) === undefined) {
      throw new AwaitRefusedError(
        AWAIT_ERRORS.unknownJob,
        `job ${jobId} is unknown to AWS Batch and to the batch-retry ledger: check the job id the state machine passes ($.JobId of the submitJob step)`,
        jobId,
      );
    }
  } else {
    if (!isAwaited(job.tags)) {
      throw new AwaitRefusedError(
        AWAIT_ERRORS.notAwaitable,
        `job ${jobId} does not carry the tag ${AWAIT_TAG}, so batch-retry would not look for this task when its lineage ends: add "Tags": {"${AWAIT_TAG}": "step-functions"} to the submitJob step (docs/workflows.md)`,
        jobId,
      );
    }
    if (job.array?.isParent === true) {
      throw new AwaitRefusedError(
        AWAIT_ERRORS.notAwaitable,
        `job ${jobId} is the parent of an array job: batch-retry retries each failed child as a lineage of its own, so the parent never gets one final answer; wait on the children, or submit single jobs (docs/workflows.md)`,
        jobId,
      );
    }
    const managed = selectPolicy(job, await deps.policies.load()) !== undefined;
    if (!managed && (await deps.ledger.getLineage(rootJobId)) === undefined) {
      throw new AwaitRefusedError(
        AWAIT_ERRORS.unmanaged,
        `no batch-retry policy governs job ${jobId} (${job.jobName}), so batch-retry will never retry it or answer for it: tag it batch-retry:policy=<name> or add a policy that matches its queue`,
        jobId,
      );
    }
  }
  const at = deps.clock.now();
  await deps.waiters.store.register({ rootJobId, jobId, taskToken, registeredAt: at });

  const lineage = await deps.ledger.getLineage(rootJobId);
  if (lineage !== undefined && lineage.status !== 'OPEN') {
    const news = closedNews(lineage, { republished: true });
    await answerWaiters(news, deps.waiters, deps.log);
    return { outcome: 'answered', rootJobId, status: news.status };
  }
  if (lineage === undefined && rootJobId === jobId) {
    const now = await deps.jobs.describeJob(jobId);
    if (now?.status === 'SUCCEEDED') {
      const news = firstRunSuccessNews({
        jobId,
        jobName: now.jobName,
        at: now.stoppedAt ?? at,
        republished: true,
      });
      await answerWaiters(news, deps.waiters, deps.log);
      return { outcome: 'answered', rootJobId, status: 'SUCCEEDED' };
    }
  }
  deps.log.info('a Step Functions task waits on a lineage', { jobId, rootJobId });
  return { outcome: 'waiting', rootJobId };
}
