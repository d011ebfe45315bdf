import { middlewareCause } from '../middleware-causes.js';
import { matchReasonPatterns, reasonPatterns } from '../reason-patterns.js';
import type { Rule } from '../rule.js';

const PATTERNS = reasonPatterns([
  // ECS stop code TaskFailedToStart, as Batch shows it.
  { label: 'Task failed to start*', regex: /^Task failed to start\b/i },
  // Task execution role, secrets and log driver failures (also seen without an error-code prefix).
  { label: '*unable to assume the role*', regex: /\bunable to assume the role\b/i },
  {
    label: '*unable to pull secrets or registry auth*',
    regex: /\bunable to pull secrets or registry auth\b/i,
  },
  {
    label: '*failed to (initialize|create) logging driver*',
    regex: /\bfailed to (initiali[sz]e|create) logging driver\b/i,
  },
  {
    label: '*Fetching secret data from*',
    regex: /\bFetching secret data from\b/i,
    cause: 'secret-retrieval',
  },
  // Runtime messages that reach the reason without a code.
  { label: '*OCI runtime * failed*', regex: /\bOCI runtime( \w+)? failed\b/i, cause: 'container-start' },
  {
    label: '*Error response from daemon*',
    regex: /\bError response from daemon\b/i,
    cause: 'container-start',
  },
  {
    label: '*failed to create shim task*',
    regex: /\bfailed to create shim( task)?\b/i,
    cause: 'container-start',
  },
]);

/** `middleware`: the task could not be set up: start failure, task role, secrets, log driver, runtime. */
export const taskSetupFailure: Rule = {
  id: 'task-setup-failure',
  description:
    'The task could not be set up (failed to start, task role, secrets, log driver, container runtime): middleware.',
  patterns: PATTERNS.list,
  evaluate: (input) =>
    matchReasonPatterns(input, PATTERNS, {
      class: 'middleware',
      cause: 'task-setup',
      refine: middlewareCause,
    }),
};
