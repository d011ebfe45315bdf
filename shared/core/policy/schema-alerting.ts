import * as z from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { builtOnFirstUse } from '../compiled-schema.js';
import { HARD_LIMITS } from './limits.js';
import { DAYS, seconds } from './schema-sections.js';

/**
 * The alerts a policy can ask for. The others (NOT_RESUBMITTED, DUPLICATE_CHILD, STUCK, POLICY_INVALID)
 * always go out: each means a job needs a person.
 */
export const POLICY_ALERT_EVENTS = [
  'GAVE_UP',
  'RETRYING',
  'RECOVERED',
  'BREAKER_OPEN',
  'BREAKER_CLOSED',
] as const;

/** Classes whose give-ups alert nobody unless `alerts.byClass` says otherwise: a person's cancel, a failed dependency. */
export const QUIET_CLASSES = ['cancelled', 'dependency'] as const;

/** Builds the `alerts` and `breaker` sections, once, on first use (compiled-schema.ts). */
function buildAlertingSections() {
  const failureClass = z.enum(FAILURE_CLASSES);

  /** When and where to alert. */
  const alerts = z
    .strictObject({
      on: z
        .array(z.enum(POLICY_ALERT_EVENTS))
        .default(['GAVE_UP', 'BREAKER_OPEN'])
        .describe(
          'Events that alert. Default ["GAVE_UP", "BREAKER_OPEN"]; [] alerts on nothing. BREAKER_OPEN ' +
            'implies BREAKER_CLOSED.',
        ),
      byClass: z
        .partialRecord(failureClass, z.array(z.enum(POLICY_ALERT_EVENTS)))
        .default({})
        .describe(
          'Per failure class, the events that alert instead of "on". Default: cancelled and dependency ' +
            'failures alert on nothing (a cancel is a decision, a dependency is decided on its own job).',
        ),
      channels: z
        .array(z.enum(['sns', 'slack']))
        .default(['sns'])
        .describe('Channels. Default ["sns"]. Slack needs the webhook URL configured at deploy time.'),
      aggregateSeconds: seconds(DAYS, 'an aggregation window')
        .int()
        .default(300)
        .describe(
          'The first alert of a cause goes out at once; later ones inside this window are counted and sent ' +
            'as one digest when it closes. 0 sends every alert. Default 300.',
        ),
    })
    .describe('Alerts: on which events, for which classes, to which channels, aggregated how.');

  /** A circuit breaker per queue and failure class. */
  const breaker = z
    .strictObject({
      enabled: z.boolean().default(true).describe('Default true.'),
      threshold: z
        .number()
        .int()
        .min(1, { error: 'must be at least 1' })
        .max(100_000, { error: 'must be at most 100000' })
        .default(20)
        .describe(
          'Failures of one class on one queue inside windowSeconds that open the breaker. Default 20.',
        ),
      windowSeconds: seconds(DAYS, 'a breaker window')
        .int()
        .min(10, { error: 'must be at least 10' })
        .default(300)
        .describe('Default 300.'),
      cooldownSeconds: seconds(HARD_LIMITS.maxDelaySeconds, 'a breaker cooldown')
        .int()
        .default(900)
        .describe('Retries stay paused this long once open. Default 900.'),
    })
    .describe('Pause retries for a queue and class when failures pile up.');

  return { alerts, breaker };
}

/** The `alerts` (when, for which classes, where, aggregated how) and `breaker` sections, built on first use. */
export const alertingSections = builtOnFirstUse(buildAlertingSections);
