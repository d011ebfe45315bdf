import type { SubmitJobCommandInput } from '@aws-sdk/client-batch';
import { loadEventFixture } from '../../fixtures/events/load-fixture.js';

const ARN_PREFIX = 'arn:aws:batch:us-east-1:123456789012';

/** A full EventBridge "Batch Job State Change" envelope, as the fixtures hold them. */
export type JobEvent = ReturnType<typeof loadEventFixture>;

/** What a test changes on a fixture to make it the job of its scenario. */
export interface JobChanges {
  readonly jobId?: string;
  readonly jobName?: string;
  /** Queue name (made an ARN) or full ARN. */
  readonly jobQueue?: string;
  /** `name:revision` (made an ARN) or full ARN. */
  readonly jobDefinition?: string;
  /** Replaces the job's tags; `resourceArn` is added as Batch does. */
  readonly tags?: Readonly<Record<string, string>>;
}

const asArn = (kind: string, value: string) =>
  value.startsWith('arn:') ? value : `${ARN_PREFIX}:${kind}/${value}`;

/** `loadEventFixture(name)` with the identity fields of `changes` applied (ids, ARNs and tags kept consistent). */
export function jobEvent(fixture: string, changes: JobChanges = {}): JobEvent {
  const event = loadEventFixture(fixture);
  const detail = event.detail;
  if (changes.jobId !== undefined) {
    const jobArn = `${ARN_PREFIX}:job/${changes.jobId}`;
    Object.assign(detail, { jobId: changes.jobId, jobArn });
    event.resources = [jobArn];
    event.id = `e0e0e0e0-0000-4000-8000-${changes.jobId.replaceAll('-', '').slice(0, 12)}`;
  }
  if (changes.jobName !== undefined) detail.jobName = changes.jobName;
  if (changes.jobQueue !== undefined) detail.jobQueue = asArn('job-queue', changes.jobQueue);
  if (changes.jobDefinition !== undefined)
    detail.jobDefinition = asArn('job-definition', changes.jobDefinition);
  if (changes.tags !== undefined) detail.tags = { resourceArn: detail.jobArn, ...changes.tags };
  return event;
}

/** Epoch ms at which the job of `event` stopped. */
export function stoppedAt(event: JobEvent): number {
  const at = event.detail.stoppedAt;
  if (typeof at !== 'number') throw new Error(`fixture event ${String(event.id)} has no detail.stoppedAt`);
  return at;
}

/** The job id of `event`. */
export function jobIdOf(event: JobEvent): string {
  return String(event.detail.jobId);
}

/** Moves every time of the job (created, started, stopped, attempts) so that it was created at `createdAt`. */
export function shiftTimes(event: JobEvent, createdAt: number): void {
  const detail = event.detail;
  const delta = createdAt - Number(detail.createdAt);
  for (const key of ['createdAt', 'startedAt', 'stoppedAt'] as const) {
    if (typeof detail[key] === 'number') detail[key] = detail[key] + delta;
  }
  const attempts = Array.isArray(detail.attempts) ? (detail.attempts as Record<string, unknown>[]) : [];
  for (const attempt of attempts) {
    for (const key of ['startedAt', 'stoppedAt'] as const) {
      if (typeof attempt[key] === 'number') attempt[key] = attempt[key] + delta;
    }
  }
  event.time = new Date(stoppedAt(event)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The final event of a resubmitted child: fixture `fixture` (its outcome: exit code, reason,
 * status) carrying the identity Batch gave the child: the job id SubmitJob returned, the name,
 * queue and job definition SubmitJob was called with, and its tags (lineage tags included). The
 * child is created at `createdAt` and its times follow the fixture's durations.
 */
export function childEvent(
  fixture: string,
  submitted: { readonly input: SubmitJobCommandInput; readonly childJobId: string },
  createdAt: number,
): JobEvent {
  const { input, childJobId } = submitted;
  const event = jobEvent(fixture, {
    jobId: childJobId,
    ...(input.jobName === undefined ? {} : { jobName: input.jobName }),
    ...(input.jobQueue === undefined ? {} : { jobQueue: input.jobQueue }),
    ...(input.jobDefinition === undefined ? {} : { jobDefinition: input.jobDefinition }),
    tags: input.tags ?? {},
  });
  shiftTimes(event, createdAt);
  return event;
}
