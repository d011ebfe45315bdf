import * as z from 'zod';
import { FAILURE_CLASSES } from '../classify/classes.js';
import { HARD_LIMITS } from './limits.js';

const failureClass = z.enum(FAILURE_CLASSES);
const DAYS = 86_400;

const seconds = (max: number, what: string) =>
  z
    .number()
    .min(0, { error: 'must not be negative' })
    .max(max, { error: `is above the hard limit of ${max} seconds for ${what}, which no policy can lift` });

const nonEmptyList = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1, { error: 'is an empty list; leave the field out instead' });

/** Which jobs a policy governs. Every criterion given must match; within a list, any entry may. */
export const matchSchema = z
  .strictObject({
    queues: nonEmptyList(z.string().min(1)).optional().describe('Job queue names or ARNs (exact).'),
    jobDefinitions: nonEmptyList(z.string().min(1))
      .optional()
      .describe(
        'Job definition patterns, "*" matches any run of characters. Matched against the name; a pattern ' +
          'with ":" (e.g. "etl:3") against name:revision; one starting "arn:" against the full ARN.',
      ),
    jobNames: nonEmptyList(z.string().min(1))
      .optional()
      .describe('Job name patterns, "*" matches any run of characters.'),
    tags: z
      .record(z.string().min(1).max(128), z.string().max(256))
      .optional()
      .describe('Tags the job must carry; a value pattern may use "*" (for example {"team": "genomics"}).'),
  })
  .describe(
    'Which jobs the policy governs. Empty (the default): only jobs tagged batch-retry:policy=<name>.',
  );

/** Default `budgets.total` when neither it nor a native retryStrategy is given. */
export const DEFAULT_TOTAL_ATTEMPTS = 3;

/** Attempt budgets. Counts cover the whole lineage, including attempts AWS Batch retried natively. */
export const budgetsSchema = z
  .strictObject({
    total: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1 (the first attempt)' })
      .max(HARD_LIMITS.maxAttempts, {
        error: `is above the hard limit of ${HARD_LIMITS.maxAttempts} attempts per lineage, which no policy can lift`,
      })
      .optional()
      .describe(
        'Most attempts in the lineage, counting the first run and every class. Default 3, or ' +
          'retryStrategy.attempts (Batch default 1) when a native retryStrategy is given.',
      ),
    perClass: z
      .partialRecord(
        failureClass,
        z
          .number()
          .int()
          .min(0, { error: 'must not be negative' })
          .max(HARD_LIMITS.maxAttempts - 1, {
            error: `is above the hard limit of ${HARD_LIMITS.maxAttempts - 1} retries, which no policy can lift`,
          }),
      )
      .default({})
      .describe(
        'Most retries after failures of one class, e.g. {"infrastructure": 5}. Failures of a class listed ' +
          'here count only against its own budget (and total), never against another class. Default {}.',
      ),
    maxLineageAgeSeconds: z
      .number()
      .int()
      .min(60, { error: 'must be at least 60 seconds' })
      .max(HARD_LIMITS.maxLineageAgeSeconds, {
        error: `is above the hard limit of ${HARD_LIMITS.maxLineageAgeSeconds} seconds (14 days) per lineage, which no policy can lift`,
      })
      .default(7 * DAYS)
      .describe(
        'No resubmission once the first job of the lineage is older than this. Default 604800 (7 days).',
      ),
  })
  .describe('Attempt budgets, in total and per failure class.');

const backoffFields = {
  strategy: z
    .enum(['fixed', 'exponential', 'decorrelated'])
    .describe(
      'fixed: baseSeconds; exponential: baseSeconds x factor^(n-1); decorrelated: uniform between ' +
        'baseSeconds and previous delay x factor (jitter is built in). All capped at capSeconds.',
    ),
  baseSeconds: seconds(HARD_LIMITS.maxDelaySeconds, 'one delay').describe('First delay, in seconds.'),
  factor: z
    .number()
    .min(1, { error: 'must be at least 1' })
    .max(100, { error: 'must be at most 100' })
    .describe('Growth per failure (exponential, decorrelated).'),
  capSeconds: seconds(HARD_LIMITS.maxDelaySeconds, 'one delay').describe('Longest delay, in seconds.'),
  jitter: z
    .enum(['none', 'full', 'equal'])
    .describe(
      'none: the delay as computed; full: uniform in [0, delay]; equal: delay/2 + uniform in [0, delay/2].',
    ),
};

/** Backoff defaults: exponential from 30 s, doubling, capped at 1 h, full jitter. */
export const BACKOFF_DEFAULTS = {
  strategy: 'exponential',
  baseSeconds: 30,
  factor: 2,
  capSeconds: 3600,
  jitter: 'full',
} as const;

const classBackoffSchema = z
  .strictObject({
    strategy: backoffFields.strategy.optional(),
    baseSeconds: backoffFields.baseSeconds.optional(),
    factor: backoffFields.factor.optional(),
    capSeconds: backoffFields.capSeconds.optional(),
    jitter: backoffFields.jitter.optional(),
  })
  .describe('Overrides for one class; fields left out come from the global backoff.');

/** How long to wait before each resubmission, globally and per class. */
export const backoffSchema = z
  .strictObject({
    strategy: backoffFields.strategy.default(BACKOFF_DEFAULTS.strategy),
    baseSeconds: backoffFields.baseSeconds.default(BACKOFF_DEFAULTS.baseSeconds),
    factor: backoffFields.factor.default(BACKOFF_DEFAULTS.factor),
    capSeconds: backoffFields.capSeconds.default(BACKOFF_DEFAULTS.capSeconds),
    jitter: backoffFields.jitter.default(BACKOFF_DEFAULTS.jitter),
    perClass: z.partialRecord(failureClass, classBackoffSchema).default({}).describe('Per-class overrides.'),
  })
  .describe(
    'Delay before each resubmission. Default: exponential, 30 s base, factor 2, 1 h cap, full jitter.',
  );

/** More memory and vCPUs after an out-of-memory failure (class `resource` only). */
export const escalateSchema = z
  .strictObject({
    memoryFactor: z
      .number()
      .min(1, { error: 'must be at least 1' })
      .max(16, { error: 'must be at most 16' })
      .default(2)
      .describe('Memory multiplier per resource failure. Default 2.'),
    vcpuFactor: z
      .number()
      .min(1, { error: 'must be at least 1' })
      .max(16, { error: 'must be at most 16' })
      .default(1)
      .describe('vCPU multiplier per resource failure. Default 1 (unchanged).'),
    maxMemoryMiB: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1' })
      .max(HARD_LIMITS.maxMemoryMiB, { error: `must be at most ${HARD_LIMITS.maxMemoryMiB} MiB` })
      .describe('Ceiling for memory, in MiB; never exceeded. Required.'),
    maxVcpus: z
      .number()
      .min(0.25, { error: 'must be at least 0.25' })
      .max(HARD_LIMITS.maxVcpus, { error: `must be at most ${HARD_LIMITS.maxVcpus}` })
      .optional()
      .describe('Ceiling for vCPUs; never exceeded. Required when vcpuFactor is above 1.'),
  })
  .superRefine((value, ctx) => {
    if (value.vcpuFactor > 1 && value.maxVcpus === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxVcpus'],
        message: 'is required when vcpuFactor is above 1, so that vCPUs cannot grow without bound',
      });
    }
  })
  .describe('Resource class only: resubmit with more memory (and vCPUs), up to ceilings.');

/** Queues to move to after repeated infrastructure failures. */
export const fallbackSchema = z
  .strictObject({
    infrastructure: z.strictObject({
      ladder: z
        .array(
          z.strictObject({
            afterFailures: z
              .number()
              .int()
              .min(1, { error: 'must be at least 1' })
              .max(HARD_LIMITS.maxAttempts - 1, { error: `must be at most ${HARD_LIMITS.maxAttempts - 1}` })
              .describe('Move once the lineage has this many infrastructure failures.'),
            jobQueue: z.string().min(1).describe('Queue name or ARN to resubmit to.'),
          }),
        )
        .min(1, { error: 'is empty; give at least one step or leave fallback out' })
        .max(10, { error: 'has more than 10 steps' })
        .superRefine((ladder, ctx) => {
          for (let i = 1; i < ladder.length; i++) {
            const previous = ladder[i - 1]?.afterFailures ?? 0;
            if ((ladder[i]?.afterFailures ?? 0) <= previous) {
              ctx.addIssue({
                code: 'custom',
                path: [i, 'afterFailures'],
                message: `must be greater than the step before it (${previous}); order the ladder by afterFailures`,
              });
            }
          }
        })
        .describe('Steps in increasing afterFailures; the last step reached wins.'),
    }),
  })
  .describe('Infrastructure class only: a ladder of queues, e.g. Spot, then on-demand after 2 reclaims.');

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What to do with a failed array child (Batch owns AWS_BATCH_JOB_ARRAY_INDEX, so it cannot rerun as is). */
export const arrayChildrenSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('resubmit-as-single'),
      indexVariable: z
        .string()
        .regex(ENV_NAME, { error: 'must be an environment variable name (letters, digits, _)' })
        .refine((name) => !name.startsWith('AWS_BATCH'), {
          error: 'must not start with AWS_BATCH; AWS Batch reserves those names',
        })
        .default('BATCH_RETRY_ARRAY_INDEX')
        .describe('Variable that receives the child index. Default BATCH_RETRY_ARRAY_INDEX.'),
    }),
    z.strictObject({ mode: z.literal('alert-only') }),
  ])
  .describe(
    'resubmit-as-single: rerun a failed child as a single job whose index is in indexVariable (the job ' +
      'must read it); alert-only: alert, never rerun. Default {"mode": "alert-only"}.',
  );

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

/** When and where to alert. */
export const alertsSchema = z
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
export const breakerSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Default true.'),
    threshold: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1' })
      .max(100_000, { error: 'must be at most 100000' })
      .default(20)
      .describe('Failures of one class on one queue inside windowSeconds that open the breaker. Default 20.'),
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
