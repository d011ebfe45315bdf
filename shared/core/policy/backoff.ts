import type { FailureClass } from '../classify/classes.js';
import type { Random } from '../ports/clock.js';
import type { Policy } from './schema.js';

/** One resolved backoff configuration (all times in seconds). */
export type BackoffConfig = Readonly<Omit<Policy['backoff'], 'perClass'>>;

/** The backoff for one failure class: the class's overrides over the global settings. */
export function backoffFor(backoff: Policy['backoff'], failureClass: FailureClass): BackoffConfig {
  const { perClass, ...global } = backoff;
  const override = perClass[failureClass] ?? {};
  return {
    strategy: override.strategy ?? global.strategy,
    baseSeconds: override.baseSeconds ?? global.baseSeconds,
    factor: override.factor ?? global.factor,
    capSeconds: override.capSeconds ?? global.capSeconds,
    jitter: override.jitter ?? global.jitter,
  };
}

function uniform(random: Random, low: number, high: number): number {
  return low + random.next() * (high - low);
}

function jittered(config: BackoffConfig, delay: number, random: Random): number {
  switch (config.jitter) {
    case 'none':
      return delay;
    case 'full':
      return uniform(random, 0, delay);
    case 'equal':
      return delay / 2 + uniform(random, 0, delay / 2);
  }
}

/**
 * Seconds to wait before resubmitting after the `failureNumber`-th failure (1-based).
 *
 * - fixed: `baseSeconds`
 * - exponential: `baseSeconds * factor^(failureNumber - 1)`
 * - decorrelated: uniform between `baseSeconds` and `previousDelaySeconds * factor` (`baseSeconds` when
 *   there is no previous delay); jitter is built in, so `jitter` is not applied again.
 *
 * Then `jitter` (none, full, equal) for fixed and exponential. The result is a whole number of
 * seconds, always within [0, capSeconds], and the same for the same inputs and random sequence.
 */
export function backoffDelaySeconds(
  config: BackoffConfig,
  failureNumber: number,
  previousDelaySeconds: number | undefined,
  random: Random,
): number {
  const cap = Math.max(0, config.capSeconds);
  const base = Math.min(Math.max(0, config.baseSeconds), cap);
  let delay: number;
  if (config.strategy === 'decorrelated') {
    const previous = previousDelaySeconds === undefined ? base : Math.max(base, previousDelaySeconds);
    delay = uniform(random, base, Math.min(cap, previous * config.factor));
  } else {
    const raw =
      config.strategy === 'fixed' || base === 0
        ? base
        : base * config.factor ** Math.max(0, Math.floor(failureNumber) - 1);
    delay = jittered(config, Math.min(cap, Number.isFinite(raw) ? raw : cap), random);
  }
  return Math.min(cap, Math.max(0, Math.round(delay)));
}
