import type { FailureClass } from '#core/classify/index.js';
import { classifyJob } from '#core/classify/index.js';
import type { NormalisedJob } from '#core/events/index.js';
import type { SubmitJobInput } from '#core/ports/index.js';
import { LINEAGE_TAG_KEYS } from '#core/submit/index.js';
import type { OrchestratorActivity } from './orchestrated-run.js';

/** What the orchestrator did about a row: the policy's actions, or what closed the lineage. */
export type TimelineDecision = 'RETRY' | 'EXIT' | 'IGNORE' | 'RECOVERED' | 'NATIVE_RETRY' | 'DEAD_LETTER';

/** One row of a scenario's timeline. */
export interface TimelineEntry {
  /** Virtual seconds since the scenario's job was submitted. */
  readonly elapsedSeconds: number;
  /** `elapsedSeconds` as `+HH:MM:SS`. */
  readonly time: string;
  readonly jobId: string;
  /** The job's status, or `ERROR` when an orchestrator handler threw. */
  readonly status: 'SUBMITTED' | 'RUNNABLE' | 'FAILED' | 'SUCCEEDED' | 'ERROR';
  /** The failure class (FAILED rows). */
  readonly class?: FailureClass;
  readonly decision?: TimelineDecision;
  /** Seconds until the resubmission (RETRY rows). */
  readonly delaySeconds?: number;
  /** What happened, in an operator's words: the failure as Batch reported it. */
  readonly detail: string;
  /** Why the orchestrator did what it did (the decision's reason), when it decided something. */
  readonly reason?: string;
}

/** `+HH:MM:SS` for a number of seconds (hours grow past 99 if they must). */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `+${hh}:${mm}:${ss}`;
}

/** The last attempt of a failed job, in the words Batch used. */
function failureText(job: NormalisedJob): string {
  const last = job.attempts.at(-1);
  const parts: string[] = [];
  if (last?.exitCode !== undefined) parts.push(`exit code ${last.exitCode}`);
  const reason = last?.containerReason ?? last?.statusReason ?? job.statusReason;
  if (
    reason !== undefined &&
    !(last?.exitCode !== undefined && reason === 'Essential container in task exited')
  ) {
    parts.push(reason);
  }
  return parts.length === 0 ? 'failed' : parts.join(': ');
}

function requestedMemory(request: SubmitJobInput): string | undefined {
  return request.containerOverrides?.resourceRequirements?.find((r) => r.type === 'MEMORY')?.value;
}

function jobMemory(job: NormalisedJob): string | undefined {
  const container = job.detail.container as
    | { resourceRequirements?: { type?: string; value?: string }[] }
    | undefined;
  return container?.resourceRequirements?.find((r) => r.type === 'MEMORY')?.value;
}

/**
 * Builds a scenario's timeline from what the attached orchestrator observed: the submission, native
 * retries, every FAILED and SUCCEEDED event with the decision taken on it, every resubmission, and
 * every handler failure. Pass {@link TimelineRecorder.observe} as the attachment's `observe`.
 */
export class TimelineRecorder {
  readonly entries: TimelineEntry[] = [];
  private readonly startedAt: number;
  /** What RETRY decisions resubmit, by failed job id, to describe the resubmission. */
  private readonly requests = new Map<string, { request: SubmitJobInput; memory?: string }>();

  /** @param startedAt epoch ms of virtual time at which the scenario's job is submitted */
  constructor(startedAt: number) {
    this.startedAt = startedAt;
  }

  /** Records the user's own submission of the scenario's job. */
  submitted(at: number, jobId: string, jobName: string, jobQueue: string): void {
    this.push(at, { jobId, status: 'SUBMITTED', detail: `${jobName} submitted to ${jobQueue}` });
  }

  readonly observe = (activity: OrchestratorActivity): void => {
    switch (activity.kind) {
      case 'transition':
        if (activity.status === 'RUNNABLE' && activity.finishedAttempts > 0) {
          this.push(activity.at, {
            jobId: activity.jobId,
            status: 'RUNNABLE',
            decision: 'NATIVE_RETRY',
            detail: `attempt ${activity.finishedAttempts} failed; Batch retries it under its own retryStrategy`,
          });
        }
        return;
      case 'decided':
        this.decided(activity.at, activity.job, activity.outcome);
        return;
      case 'resubmit':
        this.resubmitted(activity);
        return;
      case 'handler-failed': {
        const message = activity.error instanceof Error ? activity.error.message : String(activity.error);
        this.push(activity.at, {
          jobId: '-',
          status: 'ERROR',
          ...(activity.deadLettered ? { decision: 'DEAD_LETTER' as const } : {}),
          detail: `${activity.handler} handler failed (delivery ${activity.receiveCount}): ${message}`,
          reason: activity.deadLettered
            ? 'the receive limit was reached: the message went to the dead-letter queue'
            : 'the message will be delivered again after the visibility timeout',
        });
        return;
      }
    }
  };

  private decided(
    at: number,
    job: NormalisedJob,
    outcome: Extract<OrchestratorActivity, { kind: 'decided' }>['outcome'],
  ): void {
    if (job.status === 'SUCCEEDED') {
      const recovered = outcome.outcome === 'recovered';
      this.push(at, {
        jobId: job.jobId,
        status: 'SUCCEEDED',
        ...(recovered ? { decision: 'RECOVERED' as const } : {}),
        detail: recovered ? 'succeeded: the lineage recovered' : 'succeeded',
      });
      return;
    }
    if (outcome.outcome === 'ignored') {
      this.push(at, {
        jobId: job.jobId,
        status: 'FAILED',
        class: classifyJob(job).class as FailureClass,
        decision: 'IGNORE',
        detail: failureText(job),
        reason: outcome.reason,
      });
      return;
    }
    if (outcome.outcome === 'recovered' || outcome.outcome === 'first-run-success') return;
    const { decision } = outcome;
    if (decision.request !== undefined) {
      const memory = jobMemory(job);
      this.requests.set(decision.failedJobId, {
        request: decision.request,
        ...(memory === undefined ? {} : { memory }),
      });
    }
    this.push(at, {
      jobId: job.jobId,
      status: 'FAILED',
      class: decision.failureClass,
      decision: decision.action,
      ...(decision.delaySeconds === undefined ? {} : { delaySeconds: decision.delaySeconds }),
      detail: failureText(job),
      reason: decision.reason,
    });
  }

  private resubmitted(activity: Extract<OrchestratorActivity, { kind: 'resubmit' }>): void {
    const { outcome, message, at } = activity;
    if (outcome.outcome === 'gave-up') {
      this.push(at, {
        jobId: message.failedJobId,
        status: 'FAILED',
        decision: 'EXIT',
        detail: 'AWS Batch refused the resubmission',
        reason: outcome.reason,
      });
      return;
    }
    if (outcome.outcome !== 'submitted' && outcome.outcome !== 'recovered-child') return;
    const retry = this.requests.get(message.failedJobId);
    const request = retry?.request;
    const memory = request === undefined ? undefined : requestedMemory(request);
    const queue =
      request === undefined ? '' : ` to ${request.jobQueue.slice(request.jobQueue.lastIndexOf('/') + 1)}`;
    const more = memory === undefined || memory === retry?.memory ? '' : ` with ${memory} MiB of memory`;
    const attempt = request?.tags?.[LINEAGE_TAG_KEYS.attempt];
    this.push(at, {
      jobId: outcome.childJobId,
      status: 'SUBMITTED',
      detail: `resubmitted by batch-retry${queue}${more}${attempt === undefined ? '' : ` (attempt ${attempt})`}`,
    });
  }

  private push(at: number, entry: Omit<TimelineEntry, 'elapsedSeconds' | 'time'>): void {
    const elapsedSeconds = (at - this.startedAt) / 1000;
    this.entries.push({ elapsedSeconds, time: formatElapsed(elapsedSeconds), ...entry });
  }
}
