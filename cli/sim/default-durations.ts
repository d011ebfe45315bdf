import type { OutcomeKind } from './attempt-outcome.js';

/**
 * Seconds an attempt lasts when a scenario does not say: time RUNNING before it stops, or for an
 * image pull failure the time spent in STARTING. A timeout lasts the job's `timeoutSeconds` instead.
 */
export const DEFAULT_DURATION_SECONDS: Readonly<Record<OutcomeKind, number>> = {
  succeed: 600,
  'app-exit': 300,
  'spot-reclaim': 420,
  'host-lost': 420,
  'out-of-memory': 240,
  'image-pull-failure': 20,
  timeout: 3600,
};
