import type { FailureClass } from '../classify/classes.js';

/** How a give-up reads for each class: what the failure was, and what the reader should do next. */
export interface ClassWords {
  /** Completes "Job X on queue Q ...": "lost its host (Spot reclaim or host failure)". */
  readonly failed: string;
  /** What to do next, before "`batch-retry lineage <job>` lists every attempt". */
  readonly next: string;
}

const WORDS: Readonly<Record<FailureClass, ClassWords>> = {
  infrastructure: {
    failed: 'lost its host or capacity (a Spot reclaim, a host failure or a network problem)',
    next:
      'the job itself is probably fine. Check Spot capacity and the compute environment of the queue, ' +
      'or give the policy a fallback queue on On-Demand capacity; then submit the job again.',
  },
  middleware: {
    failed: 'could not start its container (image pull, container runtime or task set-up)',
    next:
      'check that the image and tag exist and that the execution role can pull them (registry, ' +
      'credentials, networking to the registry); then submit the job again.',
  },
  resource: {
    failed: 'was killed for running out of memory',
    next:
      'raise the memory in the job definition (or let the policy escalate it), or find what made the ' +
      'input larger; then submit the job again.',
  },
  timeout: {
    failed: 'ran past its attempt timeout',
    next:
      'find out what the job waited on (a slow dependency, a larger input) and raise the job ' +
      "definition's timeout if the work needs it; then submit the job again.",
  },
  application: {
    failed: 'failed in its own code',
    next: 'read the job logs, fix the cause in the code, image or input, then submit the job again.',
  },
  cancelled: {
    failed: 'was cancelled or terminated by a person or a tool',
    next:
      'nothing, if the cancel was meant; batch-retry never undoes a cancel unless a rule asks for it. ' +
      'If it was a mistake, submit the job again.',
  },
  dependency: {
    failed: 'never ran because a job it depends on failed',
    next: 'look at the upstream job it depends on: batch-retry decides on that job, not on this one.',
  },
  unknown: {
    failed: 'failed for a reason batch-retry does not recognise',
    next:
      'read the status reason and the job logs; if the reason should be recognised, run ' +
      '`batch-retry classify` on the event and report it.',
  },
};

/** The words of a give-up of class `failureClass`. */
export function classWords(failureClass: FailureClass): ClassWords {
  return WORDS[failureClass];
}
