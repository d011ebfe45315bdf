/** How long a simulated job spends in each waiting state, in seconds of virtual time. */
export interface BatchTiming {
  /** SubmitJob to RUNNABLE (SUBMITTED and PENDING emit no event for a job without dependencies here). */
  readonly submittedSeconds: number;
  /** RUNNABLE to STARTING: queue wait and scheduling, also after a native retry re-queues the job. */
  readonly runnableSeconds: number;
  /** STARTING to RUNNING: placement and image pull of an attempt that starts. */
  readonly startingSeconds: number;
}

/** 5 s to RUNNABLE, 60 s in the queue, 30 s to start: unlimited capacity, no contention. */
export const DEFAULT_BATCH_TIMING: BatchTiming = {
  submittedSeconds: 5,
  runnableSeconds: 60,
  startingSeconds: 30,
};
