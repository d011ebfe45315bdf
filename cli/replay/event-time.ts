import type { NormalisedJob } from '#core/events/index.js';

/**
 * When an event happened, in epoch milliseconds: the EventBridge envelope `time` (when Batch emitted
 * the state change), else the job's `stoppedAt` (a bare job detail has no envelope). Undefined when
 * neither is there or the envelope time is not a date; the replay then files the event at the newest
 * time it has seen.
 */
export function eventTime(job: NormalisedJob): number | undefined {
  if (job.event !== undefined) {
    const time = Date.parse(job.event.time);
    if (Number.isFinite(time)) return time;
  }
  return job.stoppedAt;
}
